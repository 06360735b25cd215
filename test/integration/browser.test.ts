// End to end in a real browser (Debian's Chromium, driven by playwright-core), as a citizen on a
// phone: find a legal document on the portal by typing its abstract without diacritics, ask the
// commune a question with JavaScript off, get a tracking code, and later read the published
// answer. Every page on the way is checked with axe-core (WCAG 2.1 A/AA) at 375 px and 1280 px,
// and a typical page's HTML + CSS + JS must stay under 100 KB compressed.
import fs from 'node:fs';
import sharp from 'sharp';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { answerParticipation } from '../../server/participation/participation.service';
import { Participation } from '../../server/participation/participation.model';
import { Item } from '../../server/content/item.model';
import { rawGet, actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { DEMO_PASSWORD } from '../support/global-setup';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium and must run these; elsewhere they are skipped, loudly, when it is absent.
const present = fs.existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);
const maybe = present ? describe : describe.skip;
if (!present) console.warn(`Browser tests skipped: no ${CHROMIUM} (apt-get install chromium)`);

const AXE = present ? fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') : '';
const D = 'tuyenquang.localhost';
const MX = '/phuong-minh-xuan';
const u = uid();
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
let p: TestPlatform;
let browser: Browser;
let base: string;

maybe('a citizen in a real browser', () => {
  beforeAll(async () => {
    p = await startTestPlatform({ TRUST_PROXY: 'loopback' });
    base = `http://${D}:${(p.server.address() as AddressInfo).port}`;
    const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
    await Item.create({
      tenantId: mx.id,
      kind: 'legal_document',
      slug: `qd-chuyen-doi-so-${u}`,
      title: `Quyết định phê duyệt Kế hoạch chuyển đổi số phường Minh Xuân giai đoạn ${u}`,
      summary: 'Kế hoạch chuyển đổi số của phường.',
      body: '<p>Toàn văn quyết định.</p>',
      author: null,
      source: 'UBND phường Minh Xuân',
      publishedAt: new Date(Date.now() - 60_000),
      publication: 'published',
      data: {
        number: `15/QĐ-UBND-${u}`,
        form: 'quyet-dinh',
        issuingBody: 'UBND phường Minh Xuân',
        signer: 'Chủ tịch',
        issuedOn: '2026-03-02',
        status: 'in_force',
      },
    } as never);
    await p.cache.bumpTenantVersion(mx.id);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  const context = (width: number, javaScriptEnabled = true): Promise<BrowserContext> =>
    browser.newContext({
      viewport: { width, height: width < 500 ? 812 : 900 },
      javaScriptEnabled,
      locale: 'vi-VN',
      // One visitor per context behind the trusted proxy: the per-IP limits stay per test.
      extraHTTPHeaders: {
        'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      },
    });

  /** axe-core's WCAG 2.1 A and AA rules; returns the serious and critical violations. */
  async function axe(page: Page) {
    // Evaluated through the DevTools protocol, so the page's strict CSP is untouched.
    await page.evaluate(AXE);
    const result = await page.evaluate(() =>
      (
        globalThis as unknown as {
          axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
        }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${page.url()}: ${v.id} (${v.nodes.length})`);
  }

  test('on a phone, the portal search finds a commune’s legal document typed without diacritics', async () => {
    const ctx = await context(375);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/tim-kiem`);
    await page.fill('#q', `ke hoach chuyen doi so phuong minh xuan ${u}`);
    await page.click('main form.search-form button[type=submit]');
    await page.waitForURL(/tim-kiem\?q=/);
    const result = page.locator('.search-results a', { hasText: `chuyển đổi số phường Minh Xuân giai đoạn ${u}` });
    await expect(result.count()).resolves.toBe(1);
    expect(await axe(page)).toEqual([]);
    await result.click();
    await page.waitForURL(new RegExp(`${MX}/van-ban/qd-chuyen-doi-so-${u}$`));
    await expect(page.locator('h1').innerText()).resolves.toContain('Kế hoạch chuyển đổi số');
    await expect(page.locator('.item__details').innerText()).resolves.toContain(`15/QĐ-UBND-${u}`);
    expect(await axe(page)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await ctx.close();
  });

  test('with JavaScript off, a citizen asks the commune a question, gets a code, and later reads the answer', async () => {
    const ctx = await context(375, false);
    const page = await ctx.newPage();
    // axe needs JavaScript; the same pages are checked with it in the test below.
    await page.goto(`${base}${MX}/hoi-dap/gui`);
    await page.fill('#p-senderName', 'Trần Thị Bình');
    await page.fill('#p-senderPhone', '0912345678');
    await page.fill('#p-subject', `Hỏi về đăng ký khai sinh ${u}`);
    await page.fill('#p-content', 'Con tôi sinh ở bệnh viện tỉnh, tôi đăng ký khai sinh ở phường được không?');
    const label = await page.locator('label[for=p-challenge]').innerText();
    const [, a, b] = /: (\S+) cộng (\S+) bằng/i.exec(label)!;
    await page.fill('#p-challenge', String(DIGITS.indexOf(a!.toLowerCase()) + DIGITS.indexOf(b!.toLowerCase())));
    await page.waitForTimeout(2100); // a person takes longer than this to fill a form in
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/tra-cuu\?ma=/);
    const code = await page.locator('.notice .code').innerText();
    expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await expect(page.locator('.tracking').innerText()).resolves.toContain('Đã tiếp nhận');

    const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
    const q = (await Participation.findOne({ where: { trackingCode: code } }))!;
    await answerParticipation(
      { sequelize: p.sequelize, cache: p.cache, files: null as never },
      await actingAs('approver', mx.id),
      mx,
      q.id,
      { answer: 'Được. Mang giấy chứng sinh và giấy tờ tùy thân đến bộ phận một cửa của phường.', publish: 'on' },
    );

    await page.goto(`${base}${MX}/tra-cuu`);
    await page.fill('#ma', code);
    await page.click('form.search-form button[type=submit]');
    await page.waitForURL(/tra-cuu\?ma=/);
    await expect(page.locator('.tracking').innerText()).resolves.toContain('Mang giấy chứng sinh');
    await page.goto(`${base}${MX}/hoi-dap`);
    await page.click(`text=Hỏi về đăng ký khai sinh ${u}`);
    await expect(page.locator('.qa__answer').innerText()).resolves.toContain('bộ phận một cửa');
    expect(await page.content()).not.toContain('0912345678');
    await ctx.close();
  });

  test('every public page kind passes axe at 375 px and 1280 px', async () => {
    const paths = [
      '/',
      '/en',
      `${MX}`,
      '/tin-tuc',
      '/van-ban',
      `${MX}/van-ban/qd-chuyen-doi-so-${u}`,
      '/thu-tuc',
      '/du-an',
      '/lay-y-kien',
      '/lich-cong-tac',
      '/tim-kiem?q=tuyen+quang',
      '/tim-kiem?q=can+cuoc+tre+em', // with questions and answers beside the items
      '/hoi-dap',
      '/hoi-dap/gui',
      '/tra-cuu?ma=ABCDE-FGHJK',
      '/so-do-trang',
      '/lien-he',
      '/en/untranslated?from=%2Fhoi-dap',
      '/khong-co-trang-nay',
    ];
    const problems: string[] = [];
    for (const width of [375, 1280]) {
      const ctx = await context(width);
      const page = await ctx.newPage();
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        problems.push(...(await axe(page)).map((v) => `${width}px ${v}`));
      }
      await ctx.close();
    }
    expect(problems).toEqual([]);
  }, 90_000); // 38 pages with axe: ~22 s alone, longer beside the rest of the suite

  test("the reporter's dashboard, printable report, royalties, advertising and operation pages pass axe", async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    await page.goto(`${base}/admin/dang-nhap`);
    await page.fill('#email', `baocao@${D}`);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/dang-nhap'));
    const problems: string[] = [];
    for (const path of [
      '/admin/bao-cao?period=h1-2026',
      '/admin/bao-cao/in?period=h1-2026',
      '/admin/nhuan-but?period=y-2026',
      '/admin/quang-cao',
      '/admin/van-hanh',
    ]) {
      const res = await page.goto(`${base}${path}`);
      expect(res!.status()).toBe(200);
      problems.push(...(await axe(page)));
    }
    expect(problems).toEqual([]);
    await ctx.close();
  });

  test("an editor puts a library image in an article's body with the editor's image button, described, and gets the draft back after a reload", async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    await page.goto(`${base}${MX}/admin/dang-nhap`);
    await page.fill('#email', `ctv.minhxuan@${D}`);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/dang-nhap'));
    // An image in the ward's library, uploaded through the library's form.
    await page.goto(`${base}${MX}/admin/tep`);
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await page.setInputFiles('#file', { name: `anh-${u}.png`, mimeType: 'image/png', buffer: png });
    await page.fill('#alt', 'Ảnh thử');
    await page.click('main form[enctype] button[type=submit]');
    await page.waitForLoadState('load');

    await page.goto(`${base}${MX}/admin/tin-bai/moi?loai=article`);
    const title = `Tin có ảnh trong bài ${u}`;
    await page.fill('#title', title);
    await page.fill('#author', 'Cộng tác viên');
    await page.click('.ql-editor');
    await page.keyboard.type('Ảnh buổi ra quân:');
    await page.click('button.ql-image[aria-label="Chèn ảnh từ thư viện"]');
    const picker = page.locator('.image-picker');
    await expect(picker.isVisible()).resolves.toBe(true);
    expect(await axe(page)).toEqual([]);
    await picker.locator('select').selectOption({ label: `anh-${u}.png` });
    // No description: refused, with the reason read out.
    await picker.locator('input').fill('');
    await picker.getByRole('button', { name: 'Chèn ảnh' }).click();
    await expect(picker.getByRole('alert').textContent()).resolves.toBe('Hãy nhập mô tả ảnh.');
    await picker.locator('input').fill('Đoàn viên dọn rác trên đường Minh Xuân');
    await picker.getByRole('button', { name: 'Chèn ảnh' }).click();
    await expect(picker.isHidden()).resolves.toBe(true);
    // Autosave: what was typed is kept in the browser, and a reload offers it back.
    await page.waitForTimeout(5500);
    await page.reload();
    await page.getByRole('button', { name: 'Khôi phục bản đó' }).click();
    await expect(page.inputValue('#title')).resolves.toBe(title);
    await page.click('main form button[type=submit]');
    await page.waitForURL((url) => /\/tin-bai\/\d+$/.test(url.pathname));

    const item = (await Item.findOne({ where: { title } }))!;
    const src = /<img src="([^"]+)" alt="Đoàn viên dọn rác trên đường Minh Xuân" ?\/?>/.exec(item.body ?? '')?.[1];
    expect(src).toMatch(new RegExp(`^${MX}/media/[0-9a-f-]{36}\\.webp$`));
    // A draft's image: the editor sees it, the public does not.
    expect((await page.goto(`${base}${src}`))!.status()).toBe(200);
    expect((await rawGet(p.server, D, src!)).status).toBe(404);
    await ctx.close();
  });

  test('a typical page weighs under 100 KB compressed (HTML + CSS + JS)', async () => {
    const ctx = await context(1280);
    const page = await ctx.newPage();
    for (const path of ['/', `${MX}/van-ban/qd-chuyen-doi-so-${u}`, '/hoi-dap/gui']) {
      const urls = new Set<string>();
      page.on('request', (r) => {
        if (['document', 'stylesheet', 'script'].includes(r.resourceType())) urls.add(r.url());
      });
      await page.goto(`${base}${path}`);
      let bytes = 0;
      for (const url of urls) {
        const u2 = new URL(url);
        const res = await rawGet(p.server, u2.host, u2.pathname + u2.search, { 'accept-encoding': 'br, gzip' });
        bytes += res.body.length;
      }
      expect(bytes).toBeLessThan(100 * 1024);
      page.removeAllListeners('request');
    }
    await ctx.close();
  });
});
