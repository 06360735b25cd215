// Security review of 2026-12 (issue 15), the public web side: the page cache's key and the pages
// read the query string the same way; every next/back/return address stays on the site; the
// citizens' challenge takes one answer per token; names and subjects lose bidirectional and
// invisible characters; uploaded PDFs are downloaded, never shown inline.
import { rawGet, startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';
import type { Site } from '../../../tenants/tenant.types';

let p: TestPlatform;
const u = uid();
let A: Site;
let B: Site;
const HA = `fc-a-${u}.test`;
const HB = `fc-b-${u}.test`;

const legalDoc = (slug: string, title: string, status: string) => ({
  kind: 'legal_document',
  slug,
  title,
  data: { number: '1/QĐ', form: 'quyet-dinh', issuingBody: 'UBND', issuedOn: '2026-01-01', status },
});

beforeAll(async () => {
  p = await startTestPlatform();
  A = await p.newSite({ slug: `fc-a-${u}`, nameVi: `Xã Biểu Mẫu A ${u}`, kind: 'commune' });
  B = await p.newSite({ slug: `fc-b-${u}`, nameVi: `Xã Biểu Mẫu B ${u}`, kind: 'commune' });
  for (const [site, tag] of [
    [A, 'a'],
    [B, 'b'],
  ] as const) {
    await p.addItem(site as never, legalDoc(`con-${tag}-${u}`, `Văn bản còn hiệu lực ${tag} ${u}`, 'in_force'));
    await p.addItem(site as never, legalDoc(`het-${tag}-${u}`, `Văn bản hết hiệu lực ${tag} ${u}`, 'expired'));
  }
});
afterAll(() => p.close());

describe('page cache and query (7)', () => {
  const text = async (host: string, path: string) => {
    const r = await rawGet(p.server, host, path);
    expect(r.status).toBe(200);
    return { body: r.body.toString('utf8'), cache: r.headers['x-cache'] };
  };

  test('a repeated parameter in either order gives the page of its own first value, cached or not', async () => {
    for (const [host, tag, other] of [
      [HA, 'a', 'b'],
      [HB, 'b', 'a'],
    ] as const) {
      const inForce = `Văn bản còn hiệu lực ${tag} ${u}`;
      const expired = `Văn bản hết hiệu lực ${tag} ${u}`;
      const first = await text(host, '/van-ban?status=in_force&status=expired');
      expect(first.body).toContain(inForce);
      expect(first.body).not.toContain(expired);
      // The other order is another page: never the first one's cached copy.
      const second = await text(host, '/van-ban?status=expired&status=in_force');
      expect(second.body).toContain(expired);
      expect(second.body).not.toContain(inForce);
      // Served again from the cache, each stays its own page.
      for (const [path, shown, hidden] of [
        ['/van-ban?status=in_force&status=expired', inForce, expired],
        ['/van-ban?status=expired&status=in_force', expired, inForce],
        ['/van-ban?status=in_force', inForce, expired],
      ]) {
        const again = await text(host, path);
        expect(again.cache).toBe('HIT');
        expect(again.body).toContain(shown);
        expect(again.body).not.toContain(hidden);
      }
      // Never the other site's documents.
      expect(first.body).not.toContain(`hiệu lực ${other} ${u}`);
      expect(second.body).not.toContain(`hiệu lực ${other} ${u}`);
    }
  });

  test('spellings the page reads alike share an entry; tracking parameters are not part of it', async () => {
    await text(HA, '/van-ban?form=quyet-dinh&status=expired');
    for (const path of [
      '/van-ban?status=expired&form=quyet-dinh',
      '/van-ban?status=expired&utm_source=zalo&form=quyet-dinh',
      '/van-ban?status=%65xpired&form=quyet-dinh&form=ke-hoach',
    ]) {
      const r = await text(HA, path);
      expect(r.cache).toBe('HIT');
      expect(r.body).toContain(`Văn bản hết hiệu lực a ${u}`);
    }
  });
});
