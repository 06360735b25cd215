import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REQUIRED_TEMPLATES } from '../../../server/render/page-templates';
import { loadThemes, ThemeError } from '../../../server/render/theme';
import { Renderer } from '../../../server/render/renderer';
import { themesDir } from '../../../server/paths';

/** Writes a small theme tree into a new temporary directory; `files` override or remove files. */
function themeTree(files: Record<string, string | null>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-theme-'));
  const base: Record<string, string> = {
    'base/theme.json': JSON.stringify({
      name: 'base',
      version: '1.0.0',
      label: 'Base',
      settings: { colorPrimary: { type: 'color', label: 'c', default: '#112233' } },
    }),
    'base/layouts/default.hbs': '<html><body>{{> header}}{{{body}}}</body></html>',
    'base/partials/header.hbs': '<header>{{site.name}}</header>',
    // Every generic template a page can need (page-templates.ts), so that the theme is complete.
    ...Object.fromEntries(REQUIRED_TEMPLATES.map((t) => [`base/templates/${t}.hbs`, `<h1>${t}</h1>`])),
    'base/templates/home.hbs': '<h1>home</h1>',
    'base/templates/error.hbs': '<h1>{{page.status}}</h1>',
    'base/assets/css/site.css': 'body{color:#000}',
  };
  for (const [rel, content] of Object.entries({ ...base, ...files })) {
    if (content === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const expectThemeError = (dir: string, message: RegExp) => {
  let error: unknown;
  try {
    loadThemes(dir);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ThemeError);
  expect((error as Error).message).toMatch(message);
};

describe('themes', () => {
  test('the shipped themes load, and coso inherits from tinh', () => {
    const themes = loadThemes(themesDir);
    expect([...themes.keys()].sort()).toEqual(['coso', 'tinh']);
    const coso = themes.get('coso')!;
    expect(coso.parent?.name).toBe('tinh');
    expect(coso.templates.has('item')).toBe(true); // inherited
    expect(coso.assetUrl('css/base.css')).toMatch(/^\/_assets\/tinh\/[0-9a-f]{12}\/css\/base\.css$/);
    expect(coso.assetUrl('css/theme.css')).toMatch(/^\/_assets\/coso\/[0-9a-f]{12}\/css\/theme\.css$/);
  });

  test('a valid small theme loads', () => {
    const themes = loadThemes(themeTree({}));
    expect(themes.get('base')!.pick(['home-commune', 'home'])).toBeDefined();
  });

  test('picks templates through the hierarchy, most specific first', () => {
    const themes = loadThemes(themeTree({ 'base/templates/error-404.hbs': 'four-oh-four' }));
    const t = themes.get('base')!;
    expect(t.pick(['error-404', 'error-4xx', 'error'])!({})).toBe('four-oh-four');
    expect(t.pick(['error-410', 'error-4xx', 'error'])!({ page: { status: 410 } })).toBe('<h1>410</h1>');
    expect(t.pick(['nothing'])).toBeUndefined();
  });

  test('a child theme overrides its parent partials in inherited templates', () => {
    const themes = loadThemes(
      themeTree({
        'child/theme.json': JSON.stringify({ name: 'child', version: '1.0.0', label: 'Child', parent: 'base' }),
        'child/partials/header.hbs': '<header class="child">{{site.name}}</header>',
      }),
    );
    const html = themes.get('child')!.layouts.get('default')!({ site: { name: 'Xã A' }, body: 'x' });
    expect(html).toContain('<header class="child">Xã A</header>');
    expect(themes.get('child')!.manifest.settings.colorPrimary).toBeDefined();
  });

  test.each<[string, Record<string, string | null>, RegExp]>([
    ['missing theme.json', { 'base/theme.json': null }, /thiếu tệp theme\.json/],
    ['theme.json that is not JSON', { 'base/theme.json': '{ name: ' }, /không phải JSON hợp lệ/],
    [
      'a name different from the folder',
      { 'base/theme.json': JSON.stringify({ name: 'other', version: '1.0.0', label: 'x' }) },
      /khác tên thư mục/,
    ],
    ['a bad version', { 'base/theme.json': JSON.stringify({ name: 'base', version: 'one', label: 'x' }) }, /version/],
    [
      'a colour setting whose default is not a colour',
      {
        'base/theme.json': JSON.stringify({
          name: 'base',
          version: '1.0.0',
          label: 'x',
          settings: { c: { type: 'color', label: 'c', default: 'red' } },
        }),
      },
      /#rrggbb/,
    ],
    [
      'a select whose default is not an option',
      {
        'base/theme.json': JSON.stringify({
          name: 'base',
          version: '1.0.0',
          label: 'x',
          settings: { s: { type: 'select', label: 's', options: ['a'], default: 'b' } },
        }),
      },
      /options/,
    ],
    ['a missing required template', { 'base/templates/error.hbs': null }, /thiếu templates\/error\.hbs/],
    ['a missing layout', { 'base/layouts/default.hbs': null }, /thiếu layouts\/default\.hbs/],
    // Before, only home and error were required: a theme without search passed and then gave 500s.
    ['a missing template that a page needs', { 'base/templates/search.hbs': null }, /thiếu templates\/search\.hbs/],
    ['a template syntax error', { 'base/templates/home.hbs': '{{#if x}}unclosed' }, /templates\/home\.hbs/],
    [
      'a partial that does not exist',
      { 'base/templates/home.hbs': '{{> sidebar}}' },
      /partial "sidebar" không tồn tại/,
    ],
    ['an asset of a forbidden type', { 'base/assets/x.php': '<?php' }, /kiểu tệp không được phép/],
    [
      'a parent that does not exist',
      { 'child/theme.json': JSON.stringify({ name: 'child', version: '1.0.0', label: 'c', parent: 'ghost' }) },
      /"ghost".*không tồn tại/,
    ],
    [
      'an inheritance cycle',
      {
        'a/theme.json': JSON.stringify({ name: 'a', version: '1.0.0', label: 'a', parent: 'b' }),
        'b/theme.json': JSON.stringify({ name: 'b', version: '1.0.0', label: 'b', parent: 'a' }),
      },
      /vòng tròn/,
    ],
  ])('refuses %s with a clear error', (_name, files, message) => {
    expectThemeError(themeTree(files), message);
  });
});

describe('a site whose theme is not installed', () => {
  test('is refused with the site and the theme named (checked at start), others pass', () => {
    const renderer = new Renderer(loadThemes(themesDir), 'tinh');
    expect(() => renderer.assertThemesOf([{ slug: 'stc', theme: 'coso' }])).not.toThrow();
    expect(() =>
      renderer.assertThemesOf([
        { slug: 'stc', theme: 'coso' },
        { slug: 'xa-moi', theme: 'da-xoa' },
      ]),
    ).toThrow(/trang "xa-moi" dùng "da-xoa".*Có: (coso, tinh|tinh, coso)/);
  });
});
