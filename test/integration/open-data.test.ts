// The open-data API: published items of the requested site only, paginated, filterable like the
// libraries, with ETag/304, CORS for GET, JSON errors, and an OpenAPI document.
import type { Site } from '../../tenants/tenant.types';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
let siteA: Site;
let siteB: Site;
const A = `api-a-${u}.test`;
const B = `api-b-${u}.test`;

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = (slug: string) =>
    p.newSite({ slug: `${slug}-${u}`, nameVi: `Sở ${slug}`, kind: 'department', theme: 'tinh' });
  siteA = await mk('api-a');
  siteB = await mk('api-b');
  for (let i = 1; i <= 3; i++)
    await p.addItem(siteA as never, {
      kind: 'legal_document',
      slug: `vb-${i}`,
      title: `Văn bản ${i} ${u}`,
      data: {
        number: `${i}/QĐ`,
        form: i === 3 ? 'ke-hoach' : 'quyet-dinh',
        issuingBody: 'UBND',
        issuedOn: `2026-0${i}-01`,
        status: 'in_force',
      },
    });
  await p.addItem(siteA as never, { kind: 'article', slug: `tin-${u}`, title: `Tin ${u}`, body: '<p>Nội dung</p>' });
  await p.addItem(siteB as never, {
    kind: 'legal_document',
    slug: 'vb-1',
    title: `Văn bản của B ${u}`,
    data: { number: 'B/1' },
  });
  await p.addItem(siteA as never, {
    kind: 'article',
    slug: `nhap-${u}`,
    title: `Bản nháp ${u}`,
    publication: 'unpublished',
    publishedAt: null,
  });
});
afterAll(() => p.close());

test('lists paginate with links, filter like the library, and only ever hold this site’s published items', async () => {
  const res = await p.get(A, '/api/v1/legal-documents?perPage=2').expect(200);
  expect(res.headers['content-type']).toContain('application/json');
  expect(res.headers['access-control-allow-origin']).toBe('*');
  const body = res.body as {
    data: { title: string; url: string; fields: Record<string, string> }[];
    meta: Record<string, number>;
    links: Record<string, string | null>;
  };
  expect(body.meta).toEqual({ page: 1, perPage: 2, total: 3, pages: 2 });
  expect(body.data.map((d) => d.fields.number)).toEqual(['3/QĐ', '2/QĐ']);
  expect(body.data[0]!.url).toBe(`http://${A}/van-ban/vb-3`);
  expect(body.links.next).toBe(`http://${A}/api/v1/legal-documents?perPage=2&page=2`);
  expect(body.links.prev).toBeNull();
  const filtered = await p.get(A, '/api/v1/legal-documents?form=quyet-dinh&issuedOn=2026').expect(200);
  expect((filtered.body as { meta: { total: number } }).meta.total).toBe(2);
  const news = await p.get(A, '/api/v1/items').expect(200);
  const titles = (news.body as { data: { title: string }[] }).data.map((d) => d.title);
  expect(titles).toContain(`Tin ${u}`);
  expect(titles).not.toContain(`Bản nháp ${u}`);
  const b = await p.get(B, '/api/v1/legal-documents').expect(200);
  expect((b.body as { data: { title: string }[] }).data.map((d) => d.title)).toEqual([`Văn bản của B ${u}`]);
});

test('an item has its body; another site’s slug or a draft is a JSON 404', async () => {
  const one = await p.get(A, `/api/v1/items/article/tin-${u}`).expect(200);
  expect((one.body as { data: { body: string } }).data.body).toBe('<p>Nội dung</p>');
  const missing = await p.get(B, `/api/v1/items/article/tin-${u}`).expect(404);
  expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy mục này' } });
  await p.get(A, `/api/v1/items/article/nhap-${u}`).expect(404);
});

test('ETag and 304; CORS preflight; JSON 400 and 405 for bad requests', async () => {
  const first = await p.get(A, '/api/v1/items?kind=legal_document').expect(200);
  const etag = first.headers.etag as string;
  expect(etag).toMatch(/^"[\w-]+"$/);
  const again = await p.get(A, '/api/v1/items?kind=legal_document', { 'if-none-match': etag });
  expect(again.status).toBe(304);
  expect(again.text).toBe('');
  await p.addItem(siteA as never, { kind: 'legal_document', slug: `vb-moi-${u}`, title: `Mới ${u}`, data: {} });
  expect((await p.get(A, '/api/v1/items?kind=legal_document', { 'if-none-match': etag })).status).toBe(200);

  const supertest = (await import('supertest')).default;
  const pre = await supertest(p.server)
    .options('/api/v1/items')
    .set({ host: A, origin: 'https://data.example', 'access-control-request-method': 'GET' });
  expect(pre.status).toBe(204);
  expect(pre.headers['access-control-allow-methods']).toContain('GET');
  const post = await supertest(p.server).post('/api/v1/items').set({ host: A });
  expect(post.status).toBe(405);
  expect(post.body.error.code).toBe('METHOD_NOT_ALLOWED');

  const bad = await p.get(A, '/api/v1/items?perPage=1000').expect(400);
  expect(bad.body.error.message).toContain('perPage');
  expect((await p.get(A, '/api/v1/items?kind=khong-co')).status).toBe(400);
  expect((await p.get(A, '/api/v1/legal-documents?status=x')).status).toBe(400);
  expect((await p.get(A, '/api/v1/items?lang=en')).status).toBe(404);
  expect((await p.get(A, '/api/v1/khong-co')).body.error.code).toBe('NOT_FOUND');
});

test('the OpenAPI document describes every path with the kinds’ own filters', async () => {
  const doc = (await p.get(A, '/api/v1/openapi.json').expect(200)).body as {
    openapi: string;
    servers: { url: string }[];
    paths: Record<string, { get: { parameters: { name: string }[] } }>;
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.servers[0]!.url).toBe(`http://${A}/api/v1`);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/items', '/items/{kind}/{slug}', '/legal-documents', '/investment-projects', '/datasets']),
  );
  expect(doc.paths['/legal-documents']!.get.parameters.map((x) => x.name)).toEqual(
    expect.arrayContaining(['form', 'issuingBody', 'field', 'issuedOn', 'status', 'page', 'perPage']),
  );
});
