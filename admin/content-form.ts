// Turns the kinds' field tables into form fields for the views, and form bodies back into the
// service's input. One place for every kind, so the 11 kinds need no 11 templates.
import type { Request } from 'express';
import { currentDeadlineClasses } from '../server/calendar/rules.service';
import { categoryChoices } from '../server/content/categories.service';
import type { ItemInput } from '../server/content/content.service';
import type { ItemContent } from '../server/content/item-history';
import { translationCandidates } from '../server/content/item-lists';
import type { KindDef } from '../server/content/kinds';
import { mediaForItemForm } from '../server/media/media.service';
import { str } from './admin-context';
import { mediaUrl } from '../server/site/media-view';
import type { Site } from '../tenants/tenant.types';

/**
 * A datetime-local field holds a wall-clock time without a zone: the form shows Vietnam time,
 * so that is how it is read, whatever the server's own zone.
 */
export const vietnamTime = (v: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v.length === 16 ? `${v}:00` : v}+07:00` : v;

export function itemInputFrom(req: Request, kind: KindDef): ItemInput {
  const b = req.body as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const f of kind.fields) {
    const v = str(b[`data.${f.name}`], f.type === 'textarea' || f.type === 'lines' ? 20_000 : 2000);
    data[f.name] = f.type === 'datetime' ? vietnamTime(v) : v;
  }
  const cats = b.categoryIds;
  return {
    title: str(b.title, 1000),
    summary: str(b.summary, 5000),
    body: typeof b.body === 'string' ? b.body.slice(0, 300_000) : '',
    author: str(b.author, 1000),
    source: str(b.source, 1000),
    originalPublishedAt: str(b.originalPublishedAt, 20),
    receivedAt: vietnamTime(str(b.receivedAt, 30)),
    deadlineClass: str(b.deadlineClass, 40),
    emergency: b.emergency === 'on',
    categoryIds: Array.isArray(cats) ? cats.map(String) : typeof cats === 'string' && cats ? [cats] : [],
    locale: str(b.locale, 2) || 'vi',
    translationOf: str(b.translationOf, 20),
    coverMediaId: str(b.coverMediaId, 20),
    attachmentIds: ([] as unknown[])
      .concat(b.attachmentIds ?? [])
      .map((x) => str(x, 20))
      .filter(Boolean),
    data,
  };
}

/** What only the item's row holds: when it was received, its deadline, its language. */
interface ItemRow {
  receivedAt: Date;
  deadlineClass: string | null;
  emergency: boolean;
  locale: string;
  translationOf: number | null;
}

/**
 * The values to show in the form: what was typed (after an error), or the content being edited (a
 * revision, or the row of an item written without revisions).
 */
export function formValues(source: ItemInput | ItemContent | null, item?: ItemRow | null): FormValues {
  if (!source) return formValues({});
  const s = source as ItemInput & Partial<ItemContent>;
  return {
    title: s.title ?? '',
    summary: s.summary ?? '',
    body: s.body ?? '',
    author: s.author ?? '',
    source: s.source ?? '',
    originalPublishedAt: (s.originalPublishedAt as string | null | undefined) ?? '',
    receivedAt: item?.receivedAt
      ? new Date(item.receivedAt.getTime() + 7 * 3600_000).toISOString().slice(0, 16)
      : (s.receivedAt ?? ''),
    deadlineClass: item?.deadlineClass ?? s.deadlineClass ?? '',
    emergency: item?.emergency ?? s.emergency === true,
    locale: item?.locale ?? s.locale ?? 'vi',
    categoryIds: ([] as unknown[]).concat(s.categoryIds ?? []).map(String),
    coverMediaId: s.coverMediaId ? String(s.coverMediaId) : '',
    attachmentIds: ([] as unknown[]).concat(s.attachmentIds ?? []).map(String),
    translationOf: item?.translationOf ? String(item.translationOf) : (s.translationOf ?? ''),
    data: (s.data ?? {}) as Record<string, unknown>,
  };
}

export interface FormValues {
  title: string;
  summary: string;
  body: string;
  author: string;
  source: string;
  originalPublishedAt: string;
  receivedAt: string;
  deadlineClass: string;
  emergency: boolean;
  locale: string;
  categoryIds: string[];
  coverMediaId: string;
  attachmentIds: string[];
  translationOf: string;
  data: Record<string, unknown>;
}

/** The stored width of an image for an article's body: the widest WebP up to 1024 px, else the image. */
function bodyImageKey(m: { key: string; variants: { width: number; key: string }[] }): string {
  const fit = m.variants.filter((v) => v.width <= 1024).sort((a, b) => b.width - a.width)[0];
  return fit?.key ?? m.key;
}

export async function formOptions(site: Site, kind: KindDef, values: FormValues, errors?: Record<string, string>) {
  const siteId = site.id;
  const hasEnglish = site.languages.includes('en');
  const categories = await categoryChoices(siteId);
  const classes = await currentDeadlineClasses();
  // Candidates for "translation of": items of this site in the other language.
  const others = hasEnglish ? await translationCandidates(siteId, values.locale) : [];
  // Files already attached stay listed even when they are older than the latest 200.
  const media = await mediaForItemForm(siteId, values.attachmentIds.map(Number));
  return {
    kind: { code: kind.code, label: kind.label, titleLabel: kind.titleLabel },
    values,
    errors,
    fields: kind.fields.map((f) => ({
      ...f,
      key: `data.${f.name}`,
      value: values.data[f.name] ?? '',
      error: errors?.[`data.${f.name}`],
      isText: f.type === 'text' || f.type === 'email' || f.type === 'url' || f.type === 'number',
      inputType: f.type === 'email' ? 'email' : f.type === 'url' ? 'url' : f.type === 'number' ? 'text' : 'text',
      isArea: f.type === 'textarea' || f.type === 'lines',
      isDate: f.type === 'date',
      isDateTime: f.type === 'datetime',
      isSelect: f.type === 'select',
      options: f.options?.map((o) => ({ ...o, selected: o.value === values.data[f.name] })),
    })),
    categories: categories.map((c) => ({ ...c, checked: values.categoryIds.includes(String(c.id)) })),
    images: media
      .filter((m) => m.kind === 'image')
      .map((m) => ({
        id: m.id,
        name: m.originalName,
        selected: String(m.id) === values.coverMediaId,
        // Where the body's image button inserts it from: a width for the page's column.
        src: mediaUrl(site.pathPrefix, bodyImageKey(m)),
        alt: m.alt ?? '',
      })),
    files: media
      .filter((m) => m.kind !== 'image')
      .map((m) => ({ id: m.id, name: m.originalName, checked: values.attachmentIds.includes(String(m.id)) })),
    translations: others.map((o) => ({ id: o.id, title: o.title, selected: String(o.id) === values.translationOf })),
    deadlineClasses: classes.map((c) => ({
      code: c.code,
      name: c.name,
      selected: c.code === (values.deadlineClass || kind.deadlineClass),
    })),
  };
}
