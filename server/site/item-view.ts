// How an item of any kind is shown: its own fields as a list of labelled values (from the kind's
// field table), author, source and dates (Art 6.1c, Art 8), and whether it met its deadline.
import type { Locale } from '../../tenants/tenant.types';
import type { KindDef } from '../content/kinds';
import { kindNames } from '../content/kinds-en';
import type { PageView } from '../render/renderer';
import { STRINGS } from '../render/strings';
import { templatesFor } from '../render/page-templates';

export interface ItemLike {
  kind: string;
  slug?: string;
  title: string;
  summary: string | null;
  body: string | null;
  author: string | null;
  source: string | null;
  originalPublishedAt?: string | null;
  publishedAt?: Date | null;
  publishedLate?: boolean | null;
  dueAt?: Date | null;
  data?: Record<string, unknown>;
}

const money = (v: string, locale: Locale) =>
  locale === 'en' ? `VND ${Number(v).toLocaleString('en-GB')}` : `${Number(v).toLocaleString('vi-VN')} đồng`;

/** The item's own fields as labelled values, named in the page's language. */
export function itemFields(kind: KindDef, data: Record<string, unknown> = {}, locale: Locale = 'vi') {
  const names = kindNames(kind, locale);
  return (
    kind.fields
      // The cover's caption is shown under the image, not again among the details.
      .filter(
        (f) => data[f.name] !== undefined && data[f.name] !== '' && f.type !== 'lines' && f.name !== 'coverCaption',
      )
      .map((f) => {
        const raw = String(data[f.name]);
        const value =
          f.type === 'select'
            ? names.option(f, raw)
            : f.type === 'number' && f.name === 'budget'
              ? money(raw, locale)
              : raw;
        return {
          name: f.name,
          label: names.field(f),
          value,
          isUrl: f.type === 'url',
          isDate: f.type === 'date',
          isDateTime: f.type === 'datetime',
        };
      })
  );
}

/** A leader's schedule: "date | time | leader | activity | place" lines as rows. */
export function scheduleRows(data: Record<string, unknown> = {}) {
  return String(data.entries ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date, time, leader, activity, place] = l.split('|').map((x) => x.trim());
      return { date, time, leader, activity, place };
    });
}

export function itemPageView(kind: KindDef, item: ItemLike, locale: Locale, basePath: string): PageView {
  const strings = STRINGS[locale];
  const names = kindNames(kind, locale);
  const listUrl = `${basePath}/${kind.path[locale]}`;
  return {
    candidates: templatesFor('item', kind.code),
    title: item.title,
    section: kind.code === 'article' ? 'news' : undefined,
    page: {
      item,
      kindLabel: names.label,
      fields: itemFields(kind, item.data, locale),
      schedule: kind.code === 'schedule' ? scheduleRows(item.data) : null,
      deadline: item.publishedLate === true ? 'late' : item.publishedLate === false ? 'onTime' : null,
    },
    breadcrumbs: [
      { label: strings.home, url: basePath || '/' },
      { label: kind.code === 'article' ? strings.news : names.label, url: listUrl },
      { label: item.title },
    ],
  };
}

/**
 * Structured data of an item for search engines (schema.org): a news article, or a piece of
 * legislation with its number and date for a legal document.
 */
export function itemJsonLd(
  kind: KindDef,
  item: ItemLike & { updatedAt?: Date | null },
  at: { url: string; image: string | null; locale: Locale; publisher: string },
) {
  const publisher = { '@type': 'GovernmentOrganization', name: at.publisher };
  const common = {
    '@context': 'https://schema.org',
    name: item.title,
    url: at.url,
    mainEntityOfPage: at.url,
    inLanguage: at.locale,
    datePublished: item.publishedAt ? new Date(item.publishedAt).toISOString() : undefined,
    dateModified: item.updatedAt ? new Date(item.updatedAt).toISOString() : undefined,
    ...(item.summary ? { description: item.summary } : {}),
    ...(at.image ? { image: [at.image] } : {}),
  };
  if (kind.code === 'legal_document')
    return {
      ...common,
      '@type': 'Legislation',
      legislationIdentifier: item.data?.number,
      legislationDate: item.data?.issuedOn,
      legislationPassedBy: item.data?.issuingBody
        ? { '@type': 'GovernmentOrganization', name: item.data.issuingBody }
        : undefined,
      publisher,
    };
  return {
    ...common,
    '@type': kind.code === 'article' ? 'NewsArticle' : 'Article',
    headline: item.title.slice(0, 110),
    ...(item.author ? { author: { '@type': 'Person', name: item.author } } : { author: publisher }),
    publisher,
  };
}
