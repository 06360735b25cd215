// The back office's own templates (admin/views) and stylesheet: one Handlebars environment,
// compiled at start, independent of the sites' themes.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../server/paths';
import { makeAsset, type Asset } from '../server/render/assets';
import { registerHelpers } from '../server/render/helpers';
import { STRINGS } from '../server/render/strings';
import { showInvisible } from '../server/text/invisible';

export class AdminViews {
  private readonly env = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  private readonly assets = new Map<string, Asset>();

  constructor(root = path.join(projectRoot, 'admin')) {
    const assetsDir = path.join(root, 'assets');
    for (const f of fs.readdirSync(assetsDir))
      this.assets.set(f, makeAsset(fs.readFileSync(path.join(assetsDir, f)), path.extname(f)));
    // The rich-text editor, self-hosted from its npm package (no CDN).
    const quill = path.join(projectRoot, 'node_modules', 'quill', 'dist');
    this.assets.set(
      'icon.svg',
      makeAsset(fs.readFileSync(path.join(projectRoot, 'themes', 'tinh', 'assets', 'img', 'quoc-huy.svg')), '.svg'),
    );
    for (const f of ['quill.js', 'quill.snow.css'])
      this.assets.set(f, makeAsset(fs.readFileSync(path.join(quill, f)), path.extname(f)));
    registerHelpers(this.env, (rel) => {
      const a = this.assets.get(rel);
      if (!a) throw new Error(`không có tệp admin/assets/${rel}`);
      return `/_assets/admin/${a.hash}/${rel}`;
    });
    this.env.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
    this.env.registerHelper('json', (v: unknown) => JSON.stringify(v));
    this.env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.env.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    this.env.registerHelper('not', (v: unknown) => !v);
    // Stored text that may still hold bidirectional or zero-width characters, shown as ⟦U+202E⟧.
    this.env.registerHelper('visible', (v: unknown) => (typeof v === 'string' ? showInvisible(v) : v));
    this.env.registerHelper('lookupKey', (obj: Record<string, unknown> | undefined, k: string) => obj?.[k]);
    const views = path.join(root, 'views');
    for (const f of fs.readdirSync(path.join(views, 'partials'))) {
      this.env.registerPartial(path.basename(f, '.hbs'), fs.readFileSync(path.join(views, 'partials', f), 'utf8'));
    }
    for (const f of fs.readdirSync(views)) {
      if (f.endsWith('.hbs'))
        this.templates.set(
          path.basename(f, '.hbs'),
          this.env.compile(fs.readFileSync(path.join(views, f), 'utf8'), { strict: false }),
        );
    }
    if (!this.templates.has('layout')) throw new Error('admin/views/layout.hbs is missing');
  }

  render(name: string, context: Record<string, unknown>): string {
    const t = this.templates.get(name);
    if (!t) throw new Error(`admin view "${name}" does not exist`);
    const data = {
      strings: STRINGS.vi,
      locale: 'vi',
      basePath: (context.adminBase as string | undefined)?.replace(/\/admin$/, '') ?? '',
    };
    const body = t(context, { data });
    return this.templates.get('layout')!({ ...context, body }, { data });
  }

  /** `/_assets/admin/<hash>/<file>` */
  findAsset(rest: string): Asset | undefined {
    const m = /^admin\/([0-9a-f]{12})\/([a-z0-9.-]+)$/.exec(rest);
    const a = m ? this.assets.get(m[2]!) : undefined;
    return a && a.hash === m![1] ? a : undefined;
  }
}
