// The theme linter: the shipped themes pass; a theme that would break under the CSP, miss a
// template a page needs, or leave out the footer the regulation asks for is reported, every
// problem at once, with its file and line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { themesDir } from '../../../server/paths';
import { checkTheme } from '../../../server/render/theme-check';

/** A copy of the shipped themes in a temporary folder, with `files` of `coso` replaced or removed. */
function withCoso(files: Record<string, string | null>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-theme-check-'));
  fs.cpSync(themesDir, root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, 'coso', rel);
    if (content === null) fs.rmSync(full);
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
  }
  return path.join(root, 'coso');
}

test('the shipped themes pass', () => {
  expect(checkTheme(path.join(themesDir, 'tinh'))).toEqual([]);
  expect(checkTheme(path.join(themesDir, 'coso'))).toEqual([]);
});

test('inline scripts, styles and handlers are reported with their line; JSON-LD and helper arguments are not', () => {
  const dir = withCoso({
    'templates/search.hbs': [
      '<h1>{{title}}</h1>',
      '<script>alert(1)</script>',
      '<p style="color:red">x</p>',
      '<button onclick="go()">Đi</button>',
      '<style>p{}</style>',
      '<script type="application/ld+json">{{{json}}}</script>',
      '<time>{{formatDate d style="short"}}</time>',
      '<script src="{{asset "js/x.js"}}"></script>',
    ].join('\n'),
  });
  expect(checkTheme(dir).map((p) => `${p.file}:${p.line}`)).toEqual([
    'templates/search.hbs:2',
    'templates/search.hbs:3',
    'templates/search.hbs:4',
    'templates/search.hbs:5',
  ]);
});

test('a footer without the licence line and the responsible person is reported (Art 4.12)', () => {
  const tinhFooter = fs.readFileSync(path.join(themesDir, 'tinh', 'partials', 'footer.hbs'), 'utf8');
  const footer = tinhFooter.replace(/.*contact\.(licence|responsiblePerson).*\n/g, '');
  const messages = checkTheme(withCoso({ 'partials/footer.hbs': footer })).map((p) => p.message);
  expect(messages).toEqual([
    expect.stringContaining('người chịu trách nhiệm'),
    expect.stringContaining('dòng giấy phép'),
  ]);
});

test('a template a page needs, missing from the theme and its parent, is reported', () => {
  const dir = withCoso({});
  fs.rmSync(path.join(dir, '..', 'tinh', 'templates', 'sitemap.hbs'));
  expect(checkTheme(dir)).toEqual([{ file: '', message: expect.stringMatching(/thiếu templates\/sitemap\.hbs/) }]);
});
