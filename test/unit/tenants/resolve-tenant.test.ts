import { buildTenantIndex, isSafePath, resolveTenant, type Resolution } from '../../../tenants/resolve-tenant';
import { normalizeHost } from '../../../tenants/host';
import type { Site } from '../../../tenants/tenant.types';

let nextId = 1;
const site = (over: Partial<Site> & Pick<Site, 'slug'>): Site => ({
  id: nextId++,
  nameVi: over.slug,
  nameEn: null,
  kind: 'department',
  parentId: null,
  status: 'active',
  theme: 'coso',
  themeSettings: {},
  contact: {},
  languages: ['vi'],
  primaryHost: null,
  pathPrefix: '',
  aliases: [],
  ...over,
});

const D = 'tuyenquang.gov.vn';
const portal = site({ slug: 'tuyenquang', kind: 'province', languages: ['vi', 'en'], aliases: [`www.${D}`] });
const stc = site({ slug: 'stc', primaryHost: `stc.${D}`, aliases: ['sotaichinh.tuyenquang.gov.vn'] });
const skhcn = site({ slug: 'skhcn', primaryHost: 'skhcn.example.vn', languages: ['vi', 'en'] });
const vhttdl = site({ slug: 'svhttdl', pathPrefix: '/so-van-hoa' });
const nested = site({ slug: 'nested', pathPrefix: '/so-van-hoa/phong-du-lich', languages: ['vi', 'en'] });
const suspended = site({ slug: 'tamdung', pathPrefix: '/tam-dung', status: 'suspended' });
const archived = site({ slug: 'luutru', primaryHost: `luutru.${D}`, status: 'archived' });
// Two sites with the same path prefix on different hosts.
const otherPortal = site({ slug: 'khac', primaryHost: 'cong-khac.vn' });
const samePrefixOther = site({ slug: 'svh-khac', primaryHost: 'cong-khac.vn', pathPrefix: '/so-van-hoa' });

const index = buildTenantIndex(
  [portal, stc, skhcn, vhttdl, nested, suspended, archived, otherPortal, samePrefixOther],
  D,
);

type Expect =
  | ['found', Site, { basePath: string; locale: 'vi' | 'en'; path: string }]
  | ['redirect', string]
  | ['notFound', Extract<Resolution, { kind: 'notFound' }>['reason']]
  | ['unavailable', Site, 503 | 410];

const cases: [string, string | undefined, string, Expect][] = [
  ['portal home by its exact host', D, '/', ['found', portal, { basePath: '', locale: 'vi', path: '/' }]],
  ['portal in English', D, '/en', ['found', portal, { basePath: '/en', locale: 'en', path: '/' }]],
  ['portal English page', D, '/en/news?page=2', ['found', portal, { basePath: '/en', locale: 'en', path: '/news' }]],
  [
    '"/english" is not the English site',
    D,
    '/english',
    ['found', portal, { basePath: '', locale: 'vi', path: '/english' }],
  ],
  ['host in upper case', 'TUYENQUANG.GOV.VN', '/', ['found', portal, { basePath: '', locale: 'vi', path: '/' }]],
  ['host with a port', `${D}:8080`, '/', ['found', portal, { basePath: '', locale: 'vi', path: '/' }]],
  ['host with a trailing dot', `${D}.`, '/', ['found', portal, { basePath: '', locale: 'vi', path: '/' }]],
  ['trailing dot and port', `STC.${D}.:443`, '/x', ['found', stc, { basePath: '', locale: 'vi', path: '/x' }]],
  [
    'sub-domain site by primary host',
    `stc.${D}`,
    '/tin-tuc',
    ['found', stc, { basePath: '', locale: 'vi', path: '/tin-tuc' }],
  ],
  [
    'site on its own domain',
    'skhcn.example.vn',
    '/en/news',
    ['found', skhcn, { basePath: '/en', locale: 'en', path: '/news' }],
  ],
  [
    '/en on a site without English stays Vietnamese',
    `stc.${D}`,
    '/en',
    ['found', stc, { basePath: '', locale: 'vi', path: '/en' }],
  ],
  ['path-prefix site', D, '/so-van-hoa', ['found', vhttdl, { basePath: '/so-van-hoa', locale: 'vi', path: '/' }]],
  [
    'path-prefix site, trailing slash',
    D,
    '/so-van-hoa/',
    ['found', vhttdl, { basePath: '/so-van-hoa', locale: 'vi', path: '/' }],
  ],
  [
    'path-prefix site page',
    D,
    '/so-van-hoa/tin-tuc/abc',
    ['found', vhttdl, { basePath: '/so-van-hoa', locale: 'vi', path: '/tin-tuc/abc' }],
  ],
  [
    'longest prefix wins',
    D,
    '/so-van-hoa/phong-du-lich/tin-tuc',
    ['found', nested, { basePath: '/so-van-hoa/phong-du-lich', locale: 'vi', path: '/tin-tuc' }],
  ],
  [
    'longest prefix, then /en',
    D,
    '/so-van-hoa/phong-du-lich/en/news',
    ['found', nested, { basePath: '/so-van-hoa/phong-du-lich/en', locale: 'en', path: '/news' }],
  ],
  [
    'a prefix matches whole segments only',
    D,
    '/so-van-hoa-khac',
    ['found', portal, { basePath: '', locale: 'vi', path: '/so-van-hoa-khac' }],
  ],
  [
    'same prefix on another host is another site',
    'cong-khac.vn',
    '/so-van-hoa/x',
    ['found', samePrefixOther, { basePath: '/so-van-hoa', locale: 'vi', path: '/x' }],
  ],
  [
    'the other host root is its own site',
    'cong-khac.vn',
    '/',
    ['found', otherPortal, { basePath: '', locale: 'vi', path: '/' }],
  ],
  [
    'prefixes are case-sensitive',
    D,
    '/SO-VAN-HOA',
    ['found', portal, { basePath: '', locale: 'vi', path: '/SO-VAN-HOA' }],
  ],
  [
    'alias host redirects to the primary host, keeping the path',
    'sotaichinh.tuyenquang.gov.vn',
    '/tin-tuc?page=2',
    ['redirect', `stc.${D}/tin-tuc`],
  ],
  ['www alias of the portal', `www.${D}`, '/so-van-hoa', ['redirect', `${D}/so-van-hoa`]],
  ['slug sub-domain of a prefix site redirects to its prefix', `svhttdl.${D}`, '/', ['redirect', `${D}/so-van-hoa`]],
  [
    'slug sub-domain of a prefix site keeps the path',
    `svhttdl.${D}`,
    '/tin-tuc',
    ['redirect', `${D}/so-van-hoa/tin-tuc`],
  ],
  [
    'slug sub-domain of a site on its own domain redirects there',
    `skhcn.${D}`,
    '/a',
    ['redirect', 'skhcn.example.vn/a'],
  ],
  ['unknown sub-domain', `khong-co.${D}`, '/', ['notFound', 'unknown-host']],
  ['deeper sub-domain is not a slug host', `a.stc.${D}`, '/', ['notFound', 'unknown-host']],
  ['unknown host never falls back to the portal', 'example.com', '/', ['notFound', 'unknown-host']],
  ['suspended site', D, '/tam-dung/tin-tuc', ['unavailable', suspended, 503]],
  ['archived site', `luutru.${D}`, '/', ['unavailable', archived, 410]],
  ['empty host', '', '/', ['notFound', 'bad-host']],
  ['missing host', undefined, '/', ['notFound', 'bad-host']],
  ['IPv4 address', '127.0.0.1', '/', ['notFound', 'bad-host']],
  ['IPv4 address with port', '10.0.0.1:3000', '/', ['notFound', 'bad-host']],
  ['IPv6 address', '[::1]:3000', '/', ['notFound', 'bad-host']],
  ['over-long host', `${'a'.repeat(250)}.vn`, '/', ['notFound', 'bad-host']],
  ['over-long label', `${'a'.repeat(64)}.${D}`, '/', ['notFound', 'bad-host']],
  ['non-ASCII host', 'tuyênquang.gov.vn', '/', ['notFound', 'bad-host']],
  ['punycode host that no site has', 'xn--tuynquang-m7a.gov.vn', '/', ['notFound', 'unknown-host']],
  ['bad port', `${D}:http`, '/', ['notFound', 'bad-host']],
  ['host with a path', `${D}/x`, '/', ['notFound', 'bad-host']],
  ['host with userinfo', `evil@${D}`, '/', ['notFound', 'bad-host']],
  ['dot-dot between sites', D, '/so-van-hoa/../tam-dung', ['notFound', 'bad-path']],
  ['encoded dot-dot', D, '/so-van-hoa/%2e%2e/tam-dung', ['notFound', 'bad-path']],
  ['mixed-case encoded dot-dot', D, '/so-van-hoa/%2E./x', ['notFound', 'bad-path']],
  ['encoded slash', D, '/so-van-hoa%2f..%2ftam-dung', ['notFound', 'bad-path']],
  ['backslash', D, '/so-van-hoa\\..\\tam-dung', ['notFound', 'bad-path']],
  ['encoded backslash', D, '/so-van-hoa/%5c..', ['notFound', 'bad-path']],
  ['NUL byte', D, '/so-van-hoa/%00', ['notFound', 'bad-path']],
  ['single dot segment', D, '/./so-van-hoa', ['notFound', 'bad-path']],
  ['trailing dot-dot', D, '/so-van-hoa/..', ['notFound', 'bad-path']],
  ['path not starting with a slash', D, 'http://evil.example/', ['notFound', 'bad-path']],
  ['over-long path', D, `/${'a'.repeat(3000)}`, ['notFound', 'bad-path']],
];

describe('resolveTenant', () => {
  test.each(cases)('%s', (_name, host, path, expected) => {
    const r = resolveTenant(index, host, path);
    switch (expected[0]) {
      case 'found':
        expect(r.kind).toBe('found');
        if (r.kind !== 'found') return;
        expect(r.site.slug).toBe(expected[1].slug);
        expect({ basePath: r.basePath, locale: r.locale, path: r.path }).toEqual(expected[2]);
        break;
      case 'redirect':
        expect(r).toMatchObject({ kind: 'redirect', status: 301 });
        if (r.kind === 'redirect') expect(`${r.host}${r.path}`).toBe(expected[1]);
        break;
      case 'notFound':
        expect(r).toEqual({ kind: 'notFound', reason: expected[1] });
        break;
      case 'unavailable':
        expect(r.kind).toBe('unavailable');
        if (r.kind === 'unavailable') {
          expect(r.site.slug).toBe(expected[1].slug);
          expect(r.status).toBe(expected[2]);
        }
    }
  });

  test('costs the same number of lookups with 10,000 prefix sites', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => site({ slug: `xa-${i}`, pathPrefix: `/xa-${i}` }));
    const big = buildTenantIndex([portal, ...many], D);
    const r = resolveTenant(big, D, '/xa-9999/tin-tuc/abc');
    expect(r.kind === 'found' && r.site.slug).toBe('xa-9999');
    expect(big.maxPrefixDepth).toBe(1);
  });
});

describe('normalizeHost', () => {
  test.each([
    ['Tuyenquang.GOV.vn', 'tuyenquang.gov.vn'],
    ['tuyenquang.gov.vn.', 'tuyenquang.gov.vn'],
    ['tuyenquang.gov.vn:443', 'tuyenquang.gov.vn'],
    ['  stc.tuyenquang.localhost:3000 ', 'stc.tuyenquang.localhost'],
    ['xn--80ak6aa92e.com', 'xn--80ak6aa92e.com'],
  ])('%s → %s', (raw, expected) => expect(normalizeHost(raw)).toBe(expected));

  test.each(['', '127.0.0.1', '[::1]', 'a..b', '-a.vn', 'a_b.vn', 'ắ.vn', 'a.vn:99999999', 'a.vn:'])(
    'refuses %p',
    (raw) => expect(normalizeHost(raw)).toBeNull(),
  );
});

describe('isSafePath', () => {
  test('accepts ordinary Vietnamese slugs and percent-encoded text', () => {
    expect(isSafePath('/tin-tuc/duong-tuyen-quang')).toBe(true);
    expect(isSafePath('/tim-kiem?q=tuy%C3%AAn')).toBe(true);
    expect(isSafePath('/a..b/c.d')).toBe(true);
  });
});
