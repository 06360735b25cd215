// Which templates may render each kind of page, most specific first: a theme can style one kind
// of item, list, category or error on its own, and falls back to the generic template. The last
// template of every chain is required of every theme (itself or through its parent), so a theme
// that passes validation can render every page.

const dashed = (code: string) => code.replace(/_/g, '-');

export const PAGE_TEMPLATES = {
  home: (siteKind: string) => [`home-${siteKind}`, 'home'],
  item: (kind: string) => [`item-${dashed(kind)}`, 'item'],
  list: (kind: string) => [`list-${dashed(kind)}`, 'list'],
  category: (slug: string) => [`category-${slug}`, 'category', 'list'],
  search: () => ['search'],
  sitemap: () => ['sitemap'],
  contact: () => ['contact'],
  message: () => ['message'],
  untranslated: () => ['untranslated', 'message'],
  tracking: () => ['tracking'],
  participationForm: (kind: string) => [`participation-form-${kind}`, 'participation-form'],
  participationList: (kind: string) => [`participation-list-${kind}`, 'participation-list'],
  participationItem: (kind: string) => [`participation-item-${kind}`, 'participation-item'],
  error: (status: number) => [`error-${status}`, `error-${Math.floor(status / 100)}xx`, 'error'],
} satisfies Record<string, (arg: never) => readonly string[]>;

export type PageType = keyof typeof PAGE_TEMPLATES;

/** The candidate chain of a page: `templatesFor('item', 'legal_document')`. */
export function templatesFor<T extends PageType>(
  type: T,
  ...arg: Parameters<(typeof PAGE_TEMPLATES)[T]>
): readonly string[] {
  return (PAGE_TEMPLATES[type] as (a: unknown) => readonly string[])(arg[0]);
}

/** The generic template that ends each chain: every theme must have all of them. */
export const REQUIRED_TEMPLATES: readonly string[] = [
  ...new Set(Object.values(PAGE_TEMPLATES).map((chain) => (chain as (a: unknown) => string[])('x').at(-1)!)),
];
