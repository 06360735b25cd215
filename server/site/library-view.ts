// The libraries of the public sites: legal documents, procedures, investment projects, datasets,
// consultations. Each kind's field table says which fields are columns and which are filters;
// this module validates the filters from the query string and builds the filter form.
import { filterValues, type LibraryFilters } from '../content/published-items';
import type { KindDef } from '../content/kinds';
import { param } from '../core/query';
import type { RequestContext } from '../core/request-context';
import { itemFields } from './item-view';
import { kindNames } from '../content/kinds-en';
import type { Locale } from '../../tenants/tenant.types';
import { badRequest } from '../core/errors';

/** The filters a list request asks for; a value that cannot be one is a 400, not an empty list. */
export function libraryFiltersOf(kind: KindDef, query: Record<string, unknown>): LibraryFilters {
  const out: LibraryFilters = {};
  for (const name of kind.filters ?? []) {
    const value = param(query[name]).normalize('NFC').trim();
    if (!value) continue;
    const f = kind.fields.find((x) => x.name === name)!;
    if (f.type === 'select' && !f.options!.some((o) => o.value === value))
      throw badRequest(`${f.label}: lựa chọn không hợp lệ`);
    if (f.type === 'date' && !/^(19|20)\d{2}$/.test(value)) throw badRequest(`${f.label}: năm không hợp lệ`);
    if (value.length > 200) throw badRequest(`${f.label}: quá dài`);
    out[name] = value;
  }
  if (kind.code === 'consultation') {
    const state = param(query.state);
    if (state && state !== 'open' && state !== 'closed') throw badRequest('Trạng thái lấy ý kiến không hợp lệ');
    if (state) out.state = state;
  }
  return out;
}

/** The values of a row of the library table, in the order of the kind's columns. */
export function columnValues(kind: KindDef, data: Record<string, unknown> = {}, locale: Locale = 'vi') {
  const shown = new Map(itemFields(kind, data, locale).map((f) => [f.name, f]));
  return (kind.columns ?? []).map((name) => {
    const f = kind.fields.find((x) => x.name === name)!;
    const v = shown.get(name);
    return { value: v?.value ?? '', isDate: f.type === 'date' && !!v };
  });
}

export interface FilterControl {
  name: string;
  label: string;
  allLabel: string;
  options: { value: string; label: string; selected: boolean }[];
}

/** The filter form: fixed choices for select fields, the values in use for text and date fields. */
export async function filterForm(ctx: RequestContext, kind: KindDef, current: LibraryFilters) {
  const controls: FilterControl[] = [];
  const names = kindNames(kind, ctx.locale);
  const en = ctx.locale === 'en';
  for (const name of kind.filters ?? []) {
    const f = kind.fields.find((x) => x.name === name)!;
    const values =
      f.type === 'select'
        ? f.options!.map((o) => ({ value: o.value, label: names.option(f, o.value) }))
        : (await filterValues(ctx, kind, name)).map((v) => ({ value: v, label: v }));
    const label = names.field(f);
    controls.push({
      name,
      label: f.type === 'date' ? `${en ? 'Year' : 'Năm'} (${label.toLowerCase()})` : label,
      allLabel: en ? 'All' : 'Tất cả',
      options: values.map((o) => ({ ...o, selected: current[name] === o.value })),
    });
  }
  if (kind.code === 'consultation')
    controls.push({
      name: 'state',
      label: en ? 'Consultation period' : 'Thời hạn góp ý',
      allLabel: en ? 'All' : 'Tất cả',
      options: [
        { value: 'open', label: en ? 'Open for comments' : 'Đang lấy ý kiến', selected: current.state === 'open' },
        { value: 'closed', label: en ? 'Closed' : 'Đã hết hạn', selected: current.state === 'closed' },
      ],
    });
  return controls.length ? controls : null;
}
