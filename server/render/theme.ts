// A theme is a validated package: theme.json, layouts/, partials/, templates/ (*.hbs) and assets/.
// Each theme gets its own Handlebars environment, compiled once at load. Per-site settings and
// per-request values reach templates only through the data passed to each render call, so two
// sites that share a theme can never see each other's data through template state.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Asset } from './assets';
import { readAssetDir } from './assets';
import { registerHelpers } from './helpers';
import { REQUIRED_TEMPLATES } from './page-templates';
import { themeManifestSchema, type ThemeManifest } from './theme-manifest';

export class ThemeError extends Error {
  constructor(theme: string, detail: string) {
    super(`Giao diện "${theme}" không hợp lệ: ${detail}`);
    this.name = 'ThemeError';
  }
}

export type Template = Handlebars.TemplateDelegate;

export const REQUIRED_LAYOUTS = ['default'];

type SourceKind = 'partials' | 'templates' | 'layouts';

export interface Theme {
  readonly name: string;
  readonly manifest: ThemeManifest;
  readonly parent: Theme | null;
  /** Sources merged with the parent's (own files win), for themes that inherit from this one. */
  readonly sources: Readonly<Record<SourceKind, ReadonlyMap<string, string>>>;
  readonly templates: ReadonlyMap<string, Template>;
  readonly layouts: ReadonlyMap<string, Template>;
  /** Own assets plus the parent's that this theme does not override, keyed by relative path. */
  readonly assets: ReadonlyMap<string, { asset: Asset; owner: string }>;
  /** The first template that exists among the candidates, most specific first. */
  pick(candidates: readonly string[]): Template | undefined;
  assetUrl(relPath: string): string;
}

function readHbsDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const full = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, full).slice(0, -'.hbs'.length).split(path.sep).join('/');
    out.set(name, fs.readFileSync(full, 'utf8'));
  }
  return out;
}

/** Names of the partials a template uses, found by walking its syntax tree. */
function partialsUsed(ast: hbs.AST.Program): string[] {
  const names: string[] = [];
  class Collector extends Handlebars.Visitor {
    override PartialStatement(p: hbs.AST.PartialStatement) {
      if (p.name.type === 'PathExpression') names.push((p.name as hbs.AST.PathExpression).original);
      return super.PartialStatement(p);
    }
    override PartialBlockStatement(p: hbs.AST.PartialBlockStatement) {
      if (p.name.type === 'PathExpression') names.push((p.name as hbs.AST.PathExpression).original);
      return super.PartialBlockStatement(p);
    }
  }
  new Collector().accept(ast);
  return names;
}

export function loadTheme(dir: string, parent: Theme | null): Theme {
  const dirName = path.basename(dir);
  const manifest = readManifest(dir, dirName);
  // Settings are inherited and may be overridden (e.g. other default colours).
  if (parent) manifest.settings = { ...parent.manifest.settings, ...manifest.settings };

  const merge = (kind: SourceKind) => new Map([...(parent?.sources[kind] ?? []), ...readHbsDir(path.join(dir, kind))]);
  const sources = { partials: merge('partials'), templates: merge('templates'), layouts: merge('layouts') };
  const assets = new Map(parent?.assets ?? []);
  let ownAssets: Map<string, Asset>;
  try {
    ownAssets = readAssetDir(path.join(dir, 'assets'));
  } catch (err) {
    throw new ThemeError(manifest.name, (err as Error).message);
  }
  for (const [rel, asset] of ownAssets) assets.set(rel, { asset, owner: manifest.name });

  const assetUrl = (rel: string) => {
    const a = assets.get(rel);
    if (!a) throw new Error(`không có tệp assets/${rel}`);
    return `/_assets/${a.owner}/${a.asset.hash}/${rel}`;
  };
  const env = Handlebars.create();
  registerHelpers(env, assetUrl);

  // Everything, inherited sources included, is compiled in this theme's own environment, so
  // that its partials and helpers apply to the templates it inherits. Declaring the helpers as
  // known lets Handlebars call them directly instead of looking each name up at render time.
  const knownHelpers = Object.fromEntries(Object.keys(env.helpers).map((h) => [h, true]));
  const compileAll = (kind: SourceKind) => {
    const out = new Map<string, Template>();
    for (const [name, source] of sources[kind]) {
      let ast: hbs.AST.Program;
      try {
        ast = env.parse(source);
      } catch (err) {
        throw new ThemeError(manifest.name, `${kind}/${name}.hbs: ${(err as Error).message.split('\n')[0]}`);
      }
      for (const p of partialsUsed(ast)) {
        if (!sources.partials.has(p))
          throw new ThemeError(manifest.name, `${kind}/${name}.hbs dùng partial "${p}" không tồn tại`);
      }
      out.set(name, env.compile(ast, { strict: false, preventIndent: true, knownHelpers }));
    }
    return out;
  };
  for (const [name, tpl] of compileAll('partials')) env.registerPartial(name, tpl);
  const templates = compileAll('templates');
  const layouts = compileAll('layouts');
  for (const t of REQUIRED_TEMPLATES)
    if (!templates.has(t)) throw new ThemeError(manifest.name, `thiếu templates/${t}.hbs`);
  for (const l of REQUIRED_LAYOUTS) if (!layouts.has(l)) throw new ThemeError(manifest.name, `thiếu layouts/${l}.hbs`);

  return {
    name: manifest.name,
    manifest,
    parent,
    sources,
    templates,
    layouts,
    assets,
    pick(candidates) {
      for (const c of candidates) {
        const t = templates.get(c);
        if (t) return t;
      }
      return undefined;
    },
    assetUrl,
  };
}

function readManifest(dir: string, dirName: string): ThemeManifest {
  const manifestPath = path.join(dir, 'theme.json');
  if (!fs.existsSync(manifestPath)) throw new ThemeError(dirName, 'thiếu tệp theme.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new ThemeError(dirName, `theme.json không phải JSON hợp lệ (${(err as Error).message})`);
  }
  const parsed = themeManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ThemeError(dirName, `theme.json: ${i.path.join('.') || '(gốc)'} ${i.message}`);
  }
  if (parsed.data.name !== dirName)
    throw new ThemeError(dirName, `theme.json đặt tên "${parsed.data.name}", khác tên thư mục`);
  return parsed.data;
}

/** Loads every theme under dir, parents before children. A broken theme stops the start. */
export function loadThemes(dir: string): Map<string, Theme> {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const themes = new Map<string, Theme>();
  const loading = new Set<string>();
  const load = (name: string): Theme => {
    const done = themes.get(name);
    if (done) return done;
    if (!names.includes(name)) throw new ThemeError(name, 'không tồn tại');
    if (loading.has(name)) throw new ThemeError(name, 'kế thừa vòng tròn');
    loading.add(name);
    let parentName: string | undefined;
    try {
      parentName = (JSON.parse(fs.readFileSync(path.join(dir, name, 'theme.json'), 'utf8')) as { parent?: string })
        .parent;
    } catch {
      parentName = undefined; // loadTheme reports the broken manifest
    }
    const theme = loadTheme(path.join(dir, name), parentName ? load(parentName) : null);
    themes.set(name, theme);
    return theme;
  };
  for (const n of names) load(n);
  return themes;
}
