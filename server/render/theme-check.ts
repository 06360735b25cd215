// The theme linter (`npm run theme:check -- <theme folder>`), in the manner of Ghost's gscan: what
// a theme needs before a site may use it, reported all at once with the file and line.
// - It must load: theme.json, every template a page can need (page-templates.ts), the default
//   layout, no partial that does not exist, no template that does not compile.
// - No inline script, style or event handler: the pages' Content-Security-Policy refuses them, so
//   they would silently not work.
// - The footer the regulation asks for (Art 4.12) on every page (the default layout and the
//   partials it uses): the agency's name, address, phone, e-mail, the person responsible and the
//   licence line, each from the site's contact settings; and a <header> and a <footer> element.
import fs from 'node:fs';
import path from 'node:path';
import { loadThemes, ThemeError } from './theme';

export interface ThemeProblem {
  /** A file relative to the theme folder, or '' for the theme as a whole. */
  file: string;
  line?: number;
  message: string;
}

const INLINE = [
  // A data block (JSON-LD) is not run, so the CSP lets it be.
  {
    re: /<script\b(?![^>]*\b(src=|type="application\/ld\+json"))[^>]*>/gi,
    message: 'mã script viết trong trang (CSP chặn): dùng tệp trong assets/',
  },
  { re: /<style\b[^>]*>/gi, message: 'thẻ <style> trong trang (CSP chặn): dùng tệp CSS trong assets/' },
  { re: /\sstyle\s*=/gi, message: 'thuộc tính style= (CSP chặn): dùng lớp CSS' },
  { re: /\son[a-z]+\s*=/gi, message: 'thuộc tính sự kiện on…= (CSP chặn): dùng tệp script trong assets/' },
];

/** Art 4.12: what the footer of every site shows, from the site's contact settings. */
const CONTACT_FIELDS: [string, string][] = [
  ['agencyName', 'tên cơ quan chủ quản'],
  ['address', 'địa chỉ'],
  ['phone', 'số điện thoại'],
  ['email', 'thư điện tử'],
  ['responsiblePerson', 'người chịu trách nhiệm'],
  ['licence', 'dòng giấy phép'],
];

function hbsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const kind of ['layouts', 'partials', 'templates']) {
    const d = path.join(dir, kind);
    if (!fs.existsSync(d)) continue;
    for (const e of fs.readdirSync(d, { recursive: true, withFileTypes: true }))
      if (e.isFile() && e.name.endsWith('.hbs')) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** A source and the partials it uses, and theirs, each once. */
function withPartials(source: string, partials: ReadonlyMap<string, string>): string[] {
  const out = [source];
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++)
    for (const m of out[i]!.matchAll(/\{\{#?>\s*([\w/-]+)/g)) {
      const p = partials.get(m[1]!);
      if (p !== undefined && !seen.has(m[1]!)) {
        seen.add(m[1]!);
        out.push(p);
      }
    }
  return out;
}

/** Checks the theme in `themeDir`; a parent theme is looked for beside it. */
export function checkTheme(themeDir: string): ThemeProblem[] {
  const dir = path.resolve(themeDir);
  const name = path.basename(dir);
  const problems: ThemeProblem[] = [];
  if (!fs.existsSync(path.join(dir, 'theme.json')))
    return [{ file: 'theme.json', message: 'không có: đây không phải thư mục giao diện' }];

  // What every page shows: the default layout and the partials it brings in, transitively.
  let everyPage: string[] = [];
  try {
    const theme = loadThemes(path.dirname(dir)).get(name);
    if (!theme) return [{ file: 'theme.json', message: `tên trong theme.json khác tên thư mục "${name}"` }];
    everyPage = withPartials(theme.sources.layouts.get('default') ?? '', theme.sources.partials);
  } catch (err) {
    if (!(err instanceof ThemeError)) throw err;
    problems.push({ file: '', message: err.message });
  }

  for (const file of hbsFiles(dir)) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      // Handlebars expressions are not markup (`{{formatDate d style="short"}}` is a helper's argument).
      const text = line.replace(/\{\{\{?[^}]*\}?\}\}/g, '');
      for (const { re, message } of INLINE) {
        re.lastIndex = 0;
        if (re.test(text)) problems.push({ file, line: i + 1, message });
      }
    });
  }

  if (everyPage.length) {
    const all = everyPage.join('\n');
    for (const [field, label] of CONTACT_FIELDS)
      if (!new RegExp(`\\bcontact\\.${field}\\b`).test(all))
        problems.push({ file: '', message: `chân trang thiếu ${label} (site.contact.${field}, Điều 4.12)` });
    for (const tag of ['header', 'footer'])
      if (!new RegExp(`<${tag}\\b`, 'i').test(all)) problems.push({ file: '', message: `không có phần tử <${tag}>` });
  }
  return problems;
}
