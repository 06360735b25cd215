// Template helpers. They are pure: whatever depends on the request (locale, base path, strings)
// is read from the render call's @data, never from module state.
import type Handlebars from 'handlebars';
import { countString } from './strings';

type HelperOptions = Handlebars.HelperOptions;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, style: 'long' | 'short' | 'datetime') {
  const key = `${locale}:${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    // Short dates as Vietnamese documents write them, with the whole year: 06/12/2026.
    const short = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      ...(style === 'long' ? { dateStyle: 'long' as const } : short),
      ...(style === 'datetime' ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** "16 tháng 11 năm 2026", as Vietnamese documents write a date (Intl's long style gives "16 tháng 11, 2026"). */
export function vietnameseLongDate(date: Date): string {
  const parts = dateFormat('vi', 'short').formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${Number(part('day'))} tháng ${Number(part('month'))} năm ${part('year')}`;
}

export function registerHelpers(env: typeof Handlebars, assetUrl: (rel: string) => string) {
  env.registerHelper('asset', (rel: string) => assetUrl(rel));

  env.registerHelper('t', function (key: string, ...rest: unknown[]) {
    const options = rest.pop() as HelperOptions;
    const strings = options.data?.strings as Record<string, string> | undefined;
    // With one argument, a count: one takes the key's singular form where the language has one.
    let s = (strings && (rest.length === 1 ? countString(strings, key, Number(rest[0])) : strings[key])) ?? key;
    rest.forEach((arg, i) => (s = s.replace(`{${i}}`, String(arg))));
    return s;
  });

  /** A path inside the current site: prefixes the site's base path (and /en). */
  env.registerHelper('sitePath', (p: string, options: HelperOptions) => {
    const base = (options.data?.basePath as string) ?? '';
    if (p === '/' || p === '') return base || '/';
    return base + p;
  });

  env.registerHelper('formatDate', (d: unknown, options: HelperOptions) => {
    if (!d) return '';
    const date = d instanceof Date ? d : new Date(String(d));
    if (Number.isNaN(date.getTime())) return '';
    const style = options.hash?.style === 'short' ? 'short' : options.hash?.style === 'datetime' ? 'datetime' : 'long';
    const locale = String(options.data?.locale ?? 'vi');
    return locale === 'vi' && style === 'long' ? vietnameseLongDate(date) : dateFormat(locale, style).format(date);
  });

  env.registerHelper('isoDate', (d: unknown) => {
    const date = d instanceof Date ? d : new Date(String(d));
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  });

  /** Text whose spaces must not break a line (a phone number): escaped, spaces as &nbsp;. */
  env.registerHelper(
    'nbsp',
    (v: unknown) => new env.SafeString(env.Utils.escapeExpression(String(v ?? '')).replace(/ /g, '&nbsp;')),
  );
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  env.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}
