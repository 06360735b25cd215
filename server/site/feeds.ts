// Discoverability: RSS per site and per category (feed), sitemap.xml (an index of numbered
// sitemaps when a site has more items than one file may list), and robots.txt.
import type { Response } from 'express';
import { Feed } from 'feed';
import type { Site } from '../../tenants/tenant.types';
import { feedItems, publishedCount, sitemapItems } from '../content/published-items';
import { KINDS, kindOf } from '../content/kinds';
import type { RequestContext } from '../core/request-context';
import { publishedForSitemap } from '../participation/participation-public';
import { answerPath, PARTICIPATION_PATHS } from './public-paths';

/** Sitemaps may list 50,000 URLs; leave room for the fixed pages and the published answers. */
export const SITEMAP_ITEMS_PER_FILE = 45_000;
/** The newest published questions and feedback listed in a site's first sitemap. */
const SITEMAP_ANSWERS = 4_000;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/**
 * Plain text (a title, a summary, a site's or category's name) as RSS carries text: readers take
 * these elements as HTML, and the `feed` package puts an item's title and description in CDATA
 * as they are (its writer breaks only the first "]]>" of a string). Escaped, a "<b>" is shown as
 * written rather than applied, and no "]]>" or tag is left to close the CDATA or open a script.
 */
const asText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const itemUrl = (origin: string, site: Site, i: { kind: string; slug: string; locale: string }) =>
  `${origin}${site.pathPrefix}${i.locale === 'en' ? '/en' : ''}/${kindOf(i.kind)?.path[i.locale as 'vi' | 'en'] ?? 'tin-tuc'}/${i.slug}`;

export async function rssFeed(
  origin: string,
  ctx: RequestContext,
  opts: { categoryId?: number; title: string; selfPath: string },
) {
  const site = ctx.site;
  const name = ctx.locale === 'en' && site.nameEn ? site.nameEn : site.nameVi;
  const home = `${origin}${ctx.basePath || '/'}`;
  const feed = new Feed({
    title: asText(opts.title === name ? name : `${opts.title} — ${name}`),
    description: asText(name),
    id: home,
    link: home,
    language: ctx.locale,
    copyright: asText(site.contact.agencyName ?? name),
    feedLinks: { rss: `${origin}${opts.selfPath}` },
    updated: new Date(),
  });
  const items = await feedItems(site, ctx.locale, opts.categoryId, 30);
  for (const i of items) {
    const link = itemUrl(origin, site, i);
    feed.addItem({
      title: asText(i.title),
      id: link,
      link,
      date: i.publishedAt!,
      description: i.summary ? asText(i.summary) : undefined,
      author: i.author ? [{ name: i.author }] : undefined,
    });
  }
  return feed.rss2();
}

/** The sitemap of a site: its fixed pages and published items, or an index when they are many. */
export async function sitemap(
  origin: string,
  site: Site,
  part: number | null,
  perFile = SITEMAP_ITEMS_PER_FILE,
): Promise<string | null> {
  const total = await publishedCount(site);
  const base = `${origin}${site.pathPrefix}`;
  const files = Math.max(1, Math.ceil(total / perFile));
  if (part === null && files > 1) {
    const entries = Array.from(
      { length: files },
      (_, n) => `<sitemap><loc>${xml(`${base}/sitemap-${n + 1}.xml`)}</loc></sitemap>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries.join('')}</sitemapindex>\n`;
  }
  const n = part ?? 1;
  if (n < 1 || n > files) return null;
  const urls: string[] = [];
  if (n === 1) {
    const locales = site.languages.includes('en') ? (['vi', 'en'] as const) : (['vi'] as const);
    for (const l of locales) {
      const lb = `${base}${l === 'en' ? '/en' : ''}`;
      urls.push(`<url><loc>${xml(`${lb}/`)}</loc></url>`);
      for (const k of KINDS) urls.push(`<url><loc>${xml(`${lb}/${k.path[l]}`)}</loc></url>`);
    }
    // Questions and feedback with their published answers (Vietnamese pages).
    for (const path of Object.values(PARTICIPATION_PATHS)) urls.push(`<url><loc>${xml(`${base}${path}`)}</loc></url>`);
    for (const a of await publishedForSitemap(site.id, SITEMAP_ANSWERS))
      urls.push(
        `<url><loc>${xml(`${base}${answerPath(a.kind, a.id)}`)}</loc>` +
          `${a.answeredAt ? `<lastmod>${a.answeredAt.toISOString()}</lastmod>` : ''}</url>`,
      );
  }
  const items = await sitemapItems(site, (n - 1) * perFile, perFile);
  for (const i of items)
    urls.push(`<url><loc>${xml(itemUrl(origin, site, i))}</loc><lastmod>${i.updatedAt.toISOString()}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>\n`;
}

/** robots.txt of a host: the back offices are not for crawlers; every site on the host has its sitemap. */
export function robots(origin: string, sitesOnHost: readonly Site[]): string {
  const lines = ['User-agent: *', 'Allow: /', ...sitesOnHost.map((s) => `Disallow: ${s.pathPrefix}/admin`), ''];
  for (const s of sitesOnHost) lines.push(`Sitemap: ${origin}${s.pathPrefix}/sitemap.xml`);
  return `${lines.join('\n')}\n`;
}

export function sendText(res: Response, type: string, body: string) {
  res.set({ 'content-type': type, 'cache-control': 'public, max-age=300' }).send(body);
}
