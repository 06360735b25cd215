// Renders a page of a site in the site's theme: picks the template through the lookup hierarchy,
// builds the per-request data, and wraps the result in the theme's layout.
import type { Locale, Site } from '../../tenants/tenant.types';
import { makeAsset, type Asset } from './assets';
import { STRINGS } from './strings';
import type { Theme } from './theme';
import { resolveSettings } from './theme-manifest';

export interface PageView {
  /** Template names, most specific first; the hierarchy ends at the theme's generic template. */
  candidates: readonly string[];
  title: string;
  /** Values the template reads under `page`. */
  page?: Record<string, unknown>;
  breadcrumbs?: { label: string; url?: string }[];
  /** The same page in the other language, when it exists. */
  alternates?: { locale: Locale; url: string }[];
  canonicalPath?: string;
  /** Absolute URL of the page, for rel=canonical and og:url. */
  canonicalUrl?: string;
  /** Open Graph and structured data: a description, an absolute image URL, and JSON-LD. */
  meta?: { type?: 'website' | 'article'; description?: string | null; image?: string | null; jsonLd?: object };
  /** Where the language switch goes when the page has no translation listed in `alternates`. */
  otherLanguageUrl?: string;
  /** The main-menu entry this page belongs to, marked as current. */
  section?: 'home' | 'news' | 'contact';
}

export interface SiteRef {
  site: Site;
  locale: Locale;
  basePath: string;
  /** Base path of the site in Vietnamese (without /en), for the language switch. */
  viBasePath: string;
  /** The site's own main-menu entries, between "home" and "contact"; the default when absent. */
  menu?: { label: string; url: string }[];
  /** Views of the site today and in all, for the footer. */
  visits?: { today: number; total: number };
  /** Advertising placements live today, by slot (header, sidebar, footer). */
  ads?: Record<string, { title: string; href: string; src: string }>;
  /** Planned maintenance announced on this site. */
  notices?: { title: string; message: string; startsAt: Date; endsAt: Date }[];
}

export const LOCALE_PATHS = {
  news: { vi: '/tin-tuc', en: '/news' },
  contact: { vi: '/lien-he', en: '/contact' },
  search: { vi: '/tim-kiem', en: '/search' },
  sitemap: { vi: '/so-do-trang', en: '/sitemap' },
} as const;

/** "https://host:port" of an absolute URL; '' when there is none (the link stays relative). */
const originOfUrl = (url: string | undefined) => (url ? (/^https?:\/\/[^/]+/.exec(url)?.[0] ?? '') : '');

export class Renderer {
  private readonly siteStyles = new Map<string, Asset>(); // css text -> asset

  constructor(
    readonly themes: ReadonlyMap<string, Theme>,
    private readonly fallbackTheme: string,
  ) {
    if (!themes.has(fallbackTheme)) throw new Error(`Thiếu giao diện mặc định "${fallbackTheme}"`);
  }

  /**
   * Refuses sites whose theme is not installed. Checked at start: such a site would otherwise be
   * served in the default theme without a word (provisioning refuses an unknown theme when set).
   */
  assertThemesOf(sites: readonly Pick<Site, 'slug' | 'theme'>[]): void {
    const missing = sites.filter((s) => !this.themes.has(s.theme));
    if (missing.length)
      throw new Error(
        `Giao diện chưa cài đặt: ${missing.map((s) => `trang "${s.slug}" dùng "${s.theme}"`).join('; ')}. ` +
          `Có: ${[...this.themes.keys()].join(', ')}.`,
      );
  }

  themeOf(site: Site | null): Theme {
    return (site && this.themes.get(site.theme)) || this.themes.get(this.fallbackTheme)!;
  }

  /** Renders a page of a site. `ref` is null for pages outside any site (an unknown host). */
  render(ref: SiteRef | null, view: PageView, portal: { name: string; url: string } | null): string {
    const locale = ref?.locale ?? 'vi';
    const theme = this.themeOf(ref?.site ?? null);
    const template = theme.pick(view.candidates);
    if (!template) throw new Error(`Giao diện ${theme.name} không có mẫu nào trong ${view.candidates.join(', ')}`);
    const strings = STRINGS[locale];
    const data = { strings, locale, basePath: ref?.basePath ?? '' };
    const site = ref ? this.siteView(ref, theme) : null;
    const paths = Object.fromEntries(Object.entries(LOCALE_PATHS).map(([k, v]) => [k, v[locale]]));
    const origin = originOfUrl(view.canonicalUrl);
    const context = {
      lang: locale,
      title: view.title,
      site,
      portal,
      paths,
      page: view.page ?? {},
      breadcrumbs: view.breadcrumbs ?? [],
      // hreflang links are absolute, on the page's own origin (the language switch stays relative).
      alternates: (view.alternates ?? []).map((a) => ({ ...a, url: `${origin}${a.url}` })),
      canonicalPath: view.canonicalPath,
      canonicalUrl: view.canonicalUrl,
      meta: {
        type: view.meta?.type ?? 'website',
        description: view.meta?.description ?? null,
        image: view.meta?.image ?? null,
        ogLocale: locale === 'en' ? 'en_GB' : 'vi_VN',
        // A data block, not a script: CSP does not apply, and "<" is escaped so it cannot end the tag.
        jsonLd: view.meta?.jsonLd ? JSON.stringify(view.meta.jsonLd).replace(/</g, '\\u003c') : null,
      },
      otherLanguageUrl: view.alternates?.find((a) => a.locale !== locale)?.url ?? view.otherLanguageUrl ?? null,
      menu: ref
        ? [
            { label: strings.home, url: ref.basePath || '/', current: view.section === 'home' },
            ...(ref.menu?.length
              ? ref.menu.map((m) => ({ ...m, current: false }))
              : [{ label: strings.news, url: ref.basePath + paths.news, current: view.section === 'news' }]),
            { label: strings.contact, url: ref.basePath + paths.contact, current: view.section === 'contact' },
          ]
        : [],
      year: new Date().getFullYear(),
    };
    const body = template(context, { data });
    return theme.layouts.get('default')!({ ...context, body }, { data });
  }

  private siteView(ref: SiteRef, theme: Theme) {
    const { site, locale } = ref;
    const settings = resolveSettings(theme.manifest, site.themeSettings);
    const name = locale === 'en' && site.nameEn ? site.nameEn : site.nameVi;
    return {
      id: site.id,
      name,
      kind: site.kind,
      contact: site.contact,
      settings,
      homeUrl: ref.basePath || '/',
      styleUrl: this.siteStyle(site, theme).url,
      rssUrl: `${ref.basePath}/rss.xml`,
      hasEnglish: site.languages.includes('en'),
      viHomeUrl: ref.viBasePath || '/',
      enHomeUrl: `${ref.viBasePath}/en`,
      notices: ref.notices ?? [],
      ads: ref.ads ?? {},
      visits: ref.visits && {
        today: ref.visits.today.toLocaleString(locale === 'en' ? 'en-GB' : 'vi-VN'),
        total: ref.visits.total.toLocaleString(locale === 'en' ? 'en-GB' : 'vi-VN'),
      },
    };
  }

  /** A stylesheet of the site's colours: CSP forbids inline styles, so settings become a file. */
  siteStyle(site: Site, theme = this.themeOf(site)): { url: string; hash: string; asset: Asset } {
    const settings = resolveSettings(theme.manifest, site.themeSettings);
    const vars = Object.entries(settings)
      .filter(([, v]) => typeof v === 'string' && /^#[0-9a-f]{6}$/.test(v))
      .map(([k, v]) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${v}`)
      .join(';');
    const css = `:root{${vars}}\n`;
    let asset = this.siteStyles.get(css);
    if (!asset) {
      if (this.siteStyles.size > 10_000) this.siteStyles.clear();
      asset = makeAsset(Buffer.from(css), '.css');
      this.siteStyles.set(css, asset);
    }
    return { url: `/_assets/site/${site.id}/${asset.hash}.css`, hash: asset.hash, asset };
  }

  /** Looks up an asset URL path (after /_assets/): theme files and site stylesheets. */
  findAsset(rest: string): Asset | undefined {
    const m = /^([a-z0-9-]+)\/([0-9a-f]{12})(?:\/(.+)|\.css)$/.exec(rest);
    if (!m) return undefined;
    const [, owner, hash, rel] = m;
    if (owner === 'site') return undefined;
    const theme = this.themes.get(owner!);
    const entry = rel ? theme?.assets.get(rel) : undefined;
    return entry && entry.owner === owner && entry.asset.hash === hash ? entry.asset : undefined;
  }

  /** Site stylesheets are computed from the site's current settings, on any instance. */
  findSiteStyle(rest: string, siteById: (id: number) => Site | undefined): Asset | undefined {
    const m = /^site\/(\d+)\/([0-9a-f]{12})\.css$/.exec(rest);
    const site = m ? siteById(Number(m[1])) : undefined;
    const style = site ? this.siteStyle(site) : undefined;
    return style && style.hash === m![2] ? style.asset : undefined;
  }
}
