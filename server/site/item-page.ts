// The page of one published item of any kind: its fields, media, translation links, a
// consultation's comments and form, rating and sharing. Null when the site has no such item
// (the caller answers 404). Rendered by the site routes and by the front door alike.
import type { KindDef } from '../content/kinds';
import { kindOf } from '../content/kinds';
import { itemPage } from '../content/published-items';
import type { RequestContext } from '../core/request-context';
import { consultationOpen } from '../participation/participation.service';
import { publishedComments } from '../participation/participation-public';
import type { PageView } from '../render/renderer';
import { itemJsonLd, itemPageView } from './item-view';
import { itemMedia } from './media-view';
import { RATING_PATH } from './public-paths';
import { viBaseOf } from './site-page';

export const ITEM_SLUG = /^[a-z0-9-]{1,200}$/;

/** `origin`: scheme, host and port of the site as the visitor reached it, for absolute URLs. */
export async function itemPageOf(
  ctx: RequestContext,
  kind: KindDef,
  slug: string,
  origin: string,
): Promise<PageView | null> {
  const locale = ctx.locale;
  // The item and its translation (for hreflang, either way round) in one query.
  const found = await itemPage(ctx, slug, kind.code);
  if (!found) return null;
  const { item, translation: other } = found;
  const view = itemPageView(kind, item, locale, ctx.basePath);
  if (other) {
    const viBase = viBaseOf(ctx);
    view.alternates = [
      { locale, url: `${ctx.basePath}/${kind.path[locale]}/${item.slug}` },
      {
        locale: other.locale,
        url: `${other.locale === 'en' ? `${viBase}/en` : viBase}/${kindOf(other.kind)!.path[other.locale]}/${other.slug}`,
      },
    ];
  }
  const media = await itemMedia(ctx, item.coverMediaId ?? null, item.attachmentIds ?? [], item.data?.coverCaption);
  const itemPath = `/${kind.path[locale]}/${item.slug}`;
  // A consultation lists its published comments, and takes new ones until it closes.
  const consultation =
    kind.code === 'consultation' && locale === 'vi'
      ? {
          open: consultationOpen(item.data),
          formUrl: `${ctx.basePath}${itemPath}/gop-y`,
          comments: await publishedComments(ctx.site.id, item.id),
        }
      : null;
  const rating = locale === 'vi' ? { action: `${ctx.basePath}${RATING_PATH}`, target: itemPath } : null;
  const url = `${origin}${ctx.basePath}${itemPath}`;
  const image = media.cover ? `${origin}${media.cover.src}` : null;
  return {
    ...view,
    page: {
      ...view.page,
      ...media,
      consultation,
      rating,
      // Plain links, no third-party script: nothing loads from elsewhere until a visitor clicks.
      share: { url: encodeURIComponent(url), subject: encodeURIComponent(item.title) },
    },
    meta: {
      type: 'article',
      description: item.summary,
      image,
      jsonLd: itemJsonLd(kind, item, { url, image, locale, publisher: ctx.site.nameVi }),
    },
  };
}
