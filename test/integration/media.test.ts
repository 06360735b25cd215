// Uploads are judged by their content: forged names, polyglots, oversize files, pixel bombs and
// path-traversal names are handled; files belong to one site; a file in use is not deleted.
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createItem, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { Media } from '../../server/media/media.model';
import { deleteMedia, uploadMedia } from '../../server/media/media.service';
import { LocalFileStore } from '../../server/media/file-store';
import { Tenant } from '../../tenants/tenant.model';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { actingAs, personWithRole, rawGet, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { ValidationError } from '../../server/core/errors';

let p: TestPlatform;
let siteA: Site;
let siteB: Site;
const u = uid();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-media-'));
const mediaDir = path.join(dir, 'media'); // where the platform serves from: DATA_DIR/media
const deps = () => ({ sequelize: p.sequelize, store: new LocalFileStore(mediaDir) });
let editor: Awaited<ReturnType<typeof actingAs>>;
let approver: typeof editor;

const PASSWORD = 'Mat-khau-tep-2026';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const jpeg = (w = 1600, h = 900) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#2a6' } })
    .withMetadata({ exif: { IFD0: { Artist: 'Nguyễn Văn A', Make: 'CameraX' } } })
    .jpeg()
    .toBuffer();

/** A PNG whose header claims width × height, with almost no data: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  p = await startTestPlatform({ DATA_DIR: dir });
  const a = await p.createSite({
    slug: `ma-${u}`,
    nameVi: `Xã Tệp A ${u}`,
    kind: 'commune',
    theme: 'coso',
    primaryHost: `ma-${u}.test`,
  });
  const b = await p.createSite({
    slug: `mb-${u}`,
    nameVi: `Xã Tệp B ${u}`,
    kind: 'commune',
    theme: 'coso',
    primaryHost: `mb-${u}.test`,
  });
  siteA = p.registry.get(a.id)!;
  siteB = p.registry.get(b.id)!;
  const mk = (role: 'editor' | 'approver') => actingAs(role, siteA.id);
  editor = await mk('editor');
  approver = await mk('approver');
});
afterAll(async () => {
  await p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const refused = async (bytes: Buffer, name: string, message: RegExp) => {
  const before = await Media.count({ where: { tenantId: siteA.id } });
  const err = await uploadMedia(deps(), editor, siteA.id, { bytes, name }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as Error).message).toMatch(message);
  expect(await Media.count({ where: { tenantId: siteA.id } })).toBe(before);
};

test('an image is re-encoded, stripped of its metadata, and stored in several WebP widths under a random key', async () => {
  const m = await uploadMedia(deps(), editor, siteA.id, { bytes: await jpeg(), name: 'Ảnh lễ hội.jpg' }, 'Lễ hội');
  expect(m).toMatchObject({
    kind: 'image',
    mime: 'image/jpeg',
    width: 1600,
    height: 900,
    originalName: 'Ảnh lễ hội.jpg',
  });
  expect(m.key).toMatch(new RegExp(`^${siteA.id}/[0-9a-f-]{36}\\.jpg$`));
  expect(m.variants.map((v) => v.width)).toEqual([320, 640, 1280, 1600]);
  const stored = fs.readFileSync(path.join(mediaDir, m.key));
  const meta = await sharp(stored).metadata();
  expect(meta.exif).toBeUndefined();
  expect(stored.includes(Buffer.from('CameraX'))).toBe(false);
});

test('the declared name does not matter: content decides', async () => {
  await refused(Buffer.from('<html><script>alert(1)</script></html>'), 'anh.jpg', /kiểm tra theo nội dung/);
  await refused(Buffer.from('MZ\x90\x00 executable'), 'van-ban.pdf', /kiểm tra theo nội dung/);
  await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg', /SVG/);
  await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'bang.csv', /kiểm tra theo nội dung/);
  // A real PDF named .jpg is accepted as what it is.
  const pdf = await uploadMedia(deps(), editor, siteA.id, { bytes: PDF, name: 'khong-phai-anh.jpg' });
  expect(pdf).toMatchObject({ kind: 'document', mime: 'application/pdf' });
  expect(pdf.key.endsWith('.pdf')).toBe(true);
});

test('a polyglot (a JPEG with a script appended) comes out as a clean image', async () => {
  const poly = Buffer.concat([await jpeg(400, 300), Buffer.from('<script>alert(document.cookie)</script>PK\x03\x04')]);
  const m = await uploadMedia(deps(), editor, siteA.id, { bytes: poly, name: 'poly.jpg' });
  const stored = fs.readFileSync(path.join(mediaDir, m.key));
  expect(stored.includes(Buffer.from('<script>'))).toBe(false);
  expect(stored.includes(Buffer.from('PK'))).toBe(false);
});

test('a pixel bomb is refused before it is decoded', async () => {
  await refused(pngClaiming(60_000, 60_000), 'bom.png', /điểm ảnh|Không đọc được/);
});

test('oversize files are refused', async () => {
  const big = Buffer.concat([await jpeg(200, 200), Buffer.alloc(16 * 1024 * 1024)]);
  await refused(big, 'to.jpg', /lớn hơn 15 MB/);
});

test('a path in the file name is only text: the file lands under a random key', async () => {
  const m = await uploadMedia(deps(), editor, siteA.id, { bytes: PDF, name: '../../../etc/passwd\u0000.pdf' });
  expect(m.originalName).toBe('passwd.pdf');
  expect(m.key).toMatch(/^\d+\/[0-9a-f-]{36}\.pdf$/);
  expect(fs.existsSync(path.join(mediaDir, m.key))).toBe(true);
});

test('CSV and JSON datasets are accepted when they are what they say', async () => {
  const csv = await uploadMedia(deps(), editor, siteA.id, {
    bytes: Buffer.from('xa,dan_so\nTân Trào,12000\n'),
    name: 'dan-so.csv',
  });
  expect(csv.kind).toBe('dataset');
  await refused(Buffer.from('{ not json'), 'du-lieu.json', /kiểm tra theo nội dung/);
});

test('each site has a quota', async () => {
  await Tenant.update({ mediaQuotaBytes: 1000 }, { where: { id: siteB.id } });
  const err = await uploadMedia(
    deps(),
    { ...editor, actor: { ...editor.actor, platformRoles: new Set(['board']) } },
    siteB.id,
    { bytes: await jpeg(800, 600), name: 'a.jpg' },
  ).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(/dung lượng/);
  await Tenant.update({ mediaQuotaBytes: 2 ** 31 }, { where: { id: siteB.id } });
});

test('files are served under their own site only, with safe headers, and items can only use their site’s files', async () => {
  const img = await uploadMedia(deps(), editor, siteA.id, { bytes: await jpeg(800, 600), name: 'anh.jpg' });
  const doc = await uploadMedia(deps(), editor, siteA.id, { bytes: PDF, name: 'Quyết định số 12.pdf' });
  const file = img.key.split('/')[1]!;
  const docFile = doc.key.split('/')[1]!;
  // Not used by a published item yet: nobody outside the site's staff can fetch them.
  for (const f of [file, docFile]) expect((await rawGet(p.server, `ma-${u}.test`, `/media/${f}`)).status).toBe(404);
  // The site's staff can, signed in (a draft's preview, the media library), never into a shared cache.
  const staff = new Browser(p.server);
  const { person } = await personWithRole('editor', siteA.id, { password: PASSWORD });
  expect((await staff.signIn(`ma-${u}.test`, person.email, PASSWORD)).status).toBe(303);
  const preview = await staff.get(`ma-${u}.test`, `/media/${file}`);
  expect([preview.status, preview.headers['cache-control']]).toEqual([200, 'private, no-store']);
  expect(preview.headers['content-type']).toBe('image/jpeg');
  expect(preview.headers['x-content-type-options']).toBe('nosniff');
  expect(preview.headers['content-security-policy']).toContain('sandbox');
  const pdfPreview = await staff.get(`ma-${u}.test`, `/media/${docFile}`);
  expect(pdfPreview.headers['content-disposition']).toContain(
    `filename*=UTF-8''${encodeURIComponent('Quyết định số 12.pdf')}`,
  );
  // Staff of another site cannot, on their own host nor on this one.
  const other = new Browser(p.server);
  const { person: outsider } = await personWithRole('editor', siteB.id, { password: PASSWORD });
  expect((await other.signIn(`mb-${u}.test`, outsider.email, PASSWORD)).status).toBe(303);
  expect((await other.get(`mb-${u}.test`, `/media/${file}`)).status).toBe(404);
  expect((await other.signIn(`ma-${u}.test`, outsider.email, PASSWORD)).status).toBe(303);
  expect((await other.get(`ma-${u}.test`, `/media/${file}`)).status).toBe(404);

  const otherSiteImage = await uploadMedia(
    deps(),
    { ...editor, actor: { ...editor.actor, platformRoles: new Set(['board']) } },
    siteB.id,
    { bytes: await jpeg(300, 200), name: 'b.jpg' },
  );
  const cross = await createItem({ sequelize: p.sequelize, cache: p.cache }, editor, siteA, 'article', {
    title: 'Tin có ảnh của trang khác',
    author: 'A',
    coverMediaId: String(otherSiteImage.id),
  }).catch((e: unknown) => e);
  expect((cross as ValidationError).fields.coverMediaId).toMatch(/trang này/);

  // An article with a cover image and a PDF, published: the page shows both, and the files can
  // no longer be deleted.
  const item = await createItem({ sequelize: p.sequelize, cache: p.cache }, editor, siteA, 'article', {
    title: `Tin có ảnh ${u}`,
    author: 'Phóng viên B',
    source: 'UBND xã',
    coverMediaId: String(img.id),
    attachmentIds: [String(doc.id)],
    data: { coverCaption: 'Toàn cảnh lễ hội' },
  });
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, editor, siteA, item.id, 'submit');
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, approver, siteA, item.id, 'approve');
  const slug = (await Item.findByPk(item.id))!.slug;
  const page = await p.get(`ma-${u}.test`, `/tin-tuc/${slug}`);
  expect(page.text).toContain(`src="/media/${file}"`);
  expect(page.text).toMatch(/srcset="[^"]*320w/);
  expect(page.text).toContain('Toàn cảnh lễ hội');
  expect(page.text).toContain('Quyết định số 12.pdf');
  // Published: the file, its WebP widths and the attachment are everyone's, cached for a day and
  // revalidated by their key; still never through another site.
  const pub = await rawGet(p.server, `ma-${u}.test`, `/media/${file}`);
  expect([pub.status, pub.headers['cache-control']]).toEqual([200, 'public, max-age=86400']);
  expect(
    (await rawGet(p.server, `ma-${u}.test`, `/media/${file}`, { 'if-none-match': pub.headers.etag! })).status,
  ).toBe(304);
  const variant = img.variants[0]!.key.split('/')[1]!;
  expect((await rawGet(p.server, `ma-${u}.test`, `/media/${variant}`)).status).toBe(200);
  expect((await rawGet(p.server, `ma-${u}.test`, `/media/${docFile}`)).status).toBe(200);
  expect((await rawGet(p.server, `mb-${u}.test`, `/media/${file}`)).status).toBe(404);
  // An image used only inside another published item's body is public too.
  const inline = await uploadMedia(deps(), editor, siteA.id, { bytes: await jpeg(400, 300), name: 'trong-bai.jpg' });
  const inlineFile = inline.key.split('/')[1]!;
  expect((await rawGet(p.server, `ma-${u}.test`, `/media/${inlineFile}`)).status).toBe(404);
  const withInline = await createItem({ sequelize: p.sequelize, cache: p.cache }, editor, siteA, 'article', {
    title: `Tin có ảnh trong bài ${u}`,
    author: 'Phóng viên C',
    body: `<p>Ảnh:</p><p><img src="/media/${inlineFile}" alt="Ảnh trong bài"></p>`,
  });
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, editor, siteA, withInline.id, 'submit');
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, approver, siteA, withInline.id, 'approve');
  expect((await rawGet(p.server, `ma-${u}.test`, `/media/${inlineFile}`)).status).toBe(200);
  // Withdrawn from the site: its files are no longer served to the public (staff still see them).
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, approver, siteA, withInline.id, 'unpublish');
  expect((await rawGet(p.server, `ma-${u}.test`, `/media/${inlineFile}`)).status).toBe(404);
  expect((await staff.get(`ma-${u}.test`, `/media/${inlineFile}`)).status).toBe(200);
  const inUse = await deleteMedia(deps(), editor, siteA.id, doc.id).catch((e: unknown) => e);
  expect((inUse as Error).message).toContain(`Tin có ảnh ${u}`);
  expect(await Media.count({ where: { id: doc.id } })).toBe(1);
  // An unused file is deleted, with its files on disk.
  const spare = await uploadMedia(deps(), editor, siteA.id, { bytes: PDF, name: 'thua.pdf' });
  await deleteMedia(deps(), editor, siteA.id, spare.id);
  expect(fs.existsSync(path.join(mediaDir, spare.key))).toBe(false);
  // Another site's id is a 404, never a deletion.
  await expect(deleteMedia(deps(), editor, siteA.id, otherSiteImage.id)).rejects.toMatchObject({ status: 404 });
});
