// The antivirus hook end to end, with a stand-in scanner (there are no real ClamAV signatures
// without the network): an editor's upload and a citizen's attachment that pass the content
// checks but carry the EICAR test string are refused and nothing is stored; a scanner that fails
// refuses them too (fail closed) and is logged; clean files still go through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { Media } from '../../server/media/media.model';
import { configureVirusScan } from '../../server/media/virus-scan';
import { loadConfig } from '../../server/config';
import { Participation } from '../../server/participation/participation.model';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { communeForm, personWithRole, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

// Built from two halves so that this file itself is not the test signature.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');
const PASSWORD = 'Mat-khau-rat-dai-2026';
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

const u = uid();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-av-'));
const script = (name: string, body: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o700 });
  return file;
};
// Like `clamdscan --no-summary -`: the file on stdin, FOUND and exit 1 for the EICAR string.
const FAKE = script(
  'fake-clamdscan',
  `if grep -aqF 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'; then echo 'stdin: Eicar-Test-Signature FOUND'; exit 1; fi
echo 'stdin: OK'; exit 0`,
);
const BROKEN = script('broken', 'cat >/dev/null; echo "ERROR: Could not connect to clamd" >&2; exit 2');

let p: TestPlatform;
let site: Site;
let HOST: string;
const log = { info: jest.fn(), warn: jest.fn() };
const scanWith = (binary: string) => configureVirusScan(loadConfig({ CLAMSCAN_PATH: binary }), log);

const rnd = () => Math.floor(Math.random() * 250) + 1;
const visitor = () => new Browser(p.server, { 'x-forwarded-for': `10.${rnd()}.${rnd()}.${rnd()}` });
const filesUnder = (sub: string) =>
  fs.existsSync(path.join(dir, 'data', sub)) ? fs.readdirSync(path.join(dir, 'data', sub), { recursive: true }) : [];

/** A real PNG that passes the content checks, with `text` in a tEXt chunk. */
async function pngWith(text: string) {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(text, 'latin1')]);
  const td = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  const iend = png.length - 12; // IEND is the last chunk, 12 bytes
  return Buffer.concat([png.subarray(0, iend), len, td, crc, png.subarray(iend)]);
}
const pdfWith = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

beforeAll(async () => {
  p = await startTestPlatform({ TRUST_PROXY: 'loopback', DATA_DIR: path.join(dir, 'data'), CLAMSCAN_PATH: FAKE });
  site = await p.newSite({ slug: `av-${u}`, nameVi: `Sở Kiểm tra tệp ${u}`, kind: 'department' });
  HOST = `av-${u}.test`;
});
beforeEach(() => {
  // As main.ts does at start, from the same configuration.
  configureVirusScan(p.config, log);
  log.warn.mockClear();
});
afterAll(async () => {
  configureVirusScan({ virusScan: null }, log);
  await p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function editor() {
  const { person } = await personWithRole('editor', site.id, { password: PASSWORD });
  const b = new Browser(p.server);
  expect((await b.signIn(HOST, person.email, PASSWORD)).status).toBe(303);
  return b;
}

/** Uploads through the library's form; returns the message shown after the redirect. */
async function upload(b: Browser, name: string, bytes: Buffer) {
  const _csrf = await b.csrf(HOST, '/admin/tep');
  const res = await b.postMultipart(HOST, '/admin/tep', { _csrf }, { file: { name, bytes } });
  expect(res.status).toBe(303);
  return (await b.get(HOST, res.headers.location as string)).text;
}

test("an editor's PNG and PDF carrying EICAR are refused and nothing is stored; clean ones are", async () => {
  const b = await editor();
  const page = await upload(b, 'anh.png', await pngWith(EICAR));
  expect(page).toContain('Tệp có mã độc (virus) nên không được nhận.');
  expect(await upload(b, 'van-ban.pdf', pdfWith(EICAR))).toContain('Tệp có mã độc (virus) nên không được nhận.');
  expect(await Media.count({ where: { tenantId: site.id } })).toBe(0);
  expect(filesUnder(`media/${site.id}`)).toEqual([]);
  expect(log.warn).toHaveBeenCalledWith(
    expect.objectContaining({ upload: 'media', siteId: site.id, signature: 'Eicar-Test-Signature' }),
    'upload refused: virus found',
  );

  // The same files without the test string pass: the refusal was the scanner's.
  expect(await upload(b, 'anh.png', await pngWith('clean image'))).toContain('Đã tải lên &quot;anh.png&quot;');
  expect(await upload(b, 'van-ban.pdf', pdfWith('sạch'))).toContain('Đã tải lên &quot;van-ban.pdf&quot;');
  expect(await Media.count({ where: { tenantId: site.id } })).toBe(2);
});

test("a scanner that fails refuses the editor's upload (fail closed), logs a warning, stores nothing", async () => {
  const b = await editor();
  const before = await Media.count({ where: { tenantId: site.id } });
  const stored = filesUnder(`media/${site.id}`).length;
  scanWith(BROKEN);
  expect(await upload(b, 'van-ban.pdf', pdfWith('sạch'))).toContain('Tệp chưa kiểm tra được virus, vui lòng thử lại.');
  expect(await Media.count({ where: { tenantId: site.id } })).toBe(before);
  expect(filesUnder(`media/${site.id}`)).toHaveLength(stored);
  expect(log.warn).toHaveBeenCalledWith(
    expect.objectContaining({ upload: 'media', siteId: site.id }),
    'upload refused: the virus scan failed',
  );
});

/** A citizen's question with an attachment, sent the way a person fills the form in. */
async function ask(subject: string, attachment: Buffer) {
  const citizen = visitor();
  const form = await citizen.get(HOST, '/hoi-dap/gui');
  const token = /name="token" value="([^"]+)"/.exec(form.text)![1]!;
  const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(form.text)!;
  await new Promise((r) => setTimeout(r, 2100)); // forms filled faster than a person can are refused
  return citizen.postMultipart(
    HOST,
    '/hoi-dap/gui',
    {
      senderName: 'Nguyễn Văn An',
      senderEmail: `an.${u}@thu.vn`,
      subject,
      content: 'Xin gửi kèm đơn đề nghị để cơ quan xem xét.',
      token,
      challenge: String(DIGITS.indexOf(q[1]!.toLowerCase()) + DIGITS.indexOf(q[2]!.toLowerCase())),
      website: '',
    },
    { attachment: { name: 'don.pdf', bytes: attachment } },
  );
}

test("a citizen's attachment carrying EICAR is refused with the form shown again, and nothing is kept", async () => {
  const infected = await ask(`Đơn có virus ${u}`, pdfWith(EICAR));
  expect(infected.status).toBe(422);
  expect(infected.text).toContain('Tệp đính kèm: có mã độc (virus) nên không được nhận.');
  expect(infected.text).toContain(`Đơn có virus ${u}`); // what they typed is kept
  expect(await Participation.count({ where: { subject: `Đơn có virus ${u}` } })).toBe(0);
  expect(filesUnder('private/participation')).toEqual([]);

  scanWith(BROKEN);
  const unchecked = await ask(`Đơn chưa quét ${u}`, pdfWith('sạch'));
  expect(unchecked.status).toBe(422);
  expect(unchecked.text).toContain('Tệp đính kèm: chưa kiểm tra được virus, vui lòng thử lại.');
  expect(await Participation.count({ where: { subject: `Đơn chưa quét ${u}` } })).toBe(0);
  expect(filesUnder('private/participation')).toEqual([]);
  expect(log.warn).toHaveBeenCalledWith(
    expect.objectContaining({ upload: 'participation', siteId: site.id }),
    'upload refused: the virus scan failed',
  );

  // With the scanner answering again, the clean file is received.
  scanWith(FAKE);
  const ok = await ask(`Đơn sạch ${u}`, pdfWith('sạch'));
  expect(ok.status).toBe(303);
  expect((await Participation.findOne({ where: { subject: `Đơn sạch ${u}` } }))!.attachmentMime).toBe(
    'application/pdf',
  );
  expect(filesUnder('private/participation')).toHaveLength(1);
});

test("the operator's uploads are scanned too: an ad banner and a site's approval decision", async () => {
  const D = 'tuyenquang.localhost';
  const operator = new Browser(p.server);
  expect((await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD)).status).toBe(303);
  const tokenOf = async (path: string) => /name="_csrf" value="([^"]+)"/.exec((await operator.get(D, path)).text)![1]!;

  const title = `Quảng cáo nhiễm ${u}`;
  const ad = await operator.postMultipart(
    D,
    '/admin/quang-cao',
    {
      _csrf: await tokenOf('/admin/quang-cao'),
      slot: 'header',
      advertiser: `Hãng ${u}`,
      linkUrl: 'https://example.vn/',
      title,
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      siteIds: String(site.id),
    },
    { image: { name: 'banner.png', bytes: await pngWith(EICAR) } },
  );
  // Refused back to the form, which says why.
  expect(ad.status).toBe(303);
  expect((await operator.get(D, '/admin/quang-cao')).text).toContain('có mã độc (virus)');
  const [ads] = await p.sequelize.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ad_placements WHERE title = :title',
    {
      replacements: { title },
      type: 'SELECT' as never,
    },
  );
  expect(ads).toEqual({ n: 0 });

  const slug = `xa-nhiem-${u}`;
  const decisionsBefore = filesUnder('private').length;
  const created = await operator.postMultipart(
    D,
    '/admin/trang/moi',
    { _csrf: await tokenOf('/admin/trang/moi'), ...communeForm(slug) },
    { approvalFile: { name: 'quyet-dinh.pdf', bytes: pdfWith(EICAR) } },
  );
  expect(created.status).toBe(422);
  expect(created.text).toContain('Tệp quyết định có mã độc (virus)');
  expect(p.registry.all().some((s) => s.slug === slug)).toBe(false);
  expect(filesUnder('private').length).toBe(decisionsBefore);
});
