// Security review of 2026-12 (issue 15): data that crossed from one site to another, or from
// unpublished to public. Each test reproduces a finding with two sites and fails without its fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createItem, stepItem } from '../../../server/content/content.service';
import { Item } from '../../../server/content/item.model';
import { decideOffer, offerItem, sharedWith } from '../../../server/content/syndication.service';
import { LocalFileStore } from '../../../server/media/file-store';
import { fileToServe, uploadMedia } from '../../../server/media/media.service';
import { entriesOfItem, statements } from '../../../server/royalties/royalty.service';
import { Grant } from '../../../server/auth/grant.model';
import { presetPeriod } from '../../../server/reports/period';
import { buildReport } from '../../../server/reports/report.service';
import { requestExport, runExport } from '../../../server/reports/export.service';
import { ReportExport } from '../../../server/reports/report-export.model';
import { PrivateFiles } from '../../../server/media/private-files';
import { correctedQuery, searchHitsByIds, type SearchQuery } from '../../../server/content/search';
import { pruneSearchWords } from '../../../server/content/search-words';
import { createMigrator } from '../../../server/db/migrate';
import { createSequelize } from '../../../server/db/sequelize';
import type { Site } from '../../../tenants/tenant.types';
import { actingAs, rawGet, startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';

let p: TestPlatform;
let a: Site;
let b: Site;
const u = uid();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-cross-site-'));
/** A published item (a minute old) of a site. */
const add = (site: Site, fields: Partial<Item> & { title: string; slug: string }) =>
  p.addItem(site as never, { kind: 'article', ...fields });

beforeAll(async () => {
  p = await startTestPlatform({ DATA_DIR: dir });
  a = await p.newSite({ slug: `xa-a-${u}`, nameVi: `Xã A ${u}`, kind: 'commune' });
  b = await p.newSite({ slug: `xa-b-${u}`, nameVi: `Xã B ${u}`, kind: 'commune' });
});
afterAll(async () => {
  await p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('10. search: the last fetch checks the site and publication again', () => {
  test('an item withdrawn after the match, or of another site, is not fetched', async () => {
    const mine = await add(a, { slug: `tk-a-${u}`, title: `Tin đăng của A ${u}` });
    const withdrawn = await add(a, { slug: `tk-rut-${u}`, title: `Tin bị rút ${u}` });
    const archived = await add(a, { slug: `tk-luu-${u}`, title: `Tin lưu trữ ${u}` });
    const later = await add(a, {
      kind: 'article',
      slug: `tk-hen-${u}`,
      title: `Tin hẹn giờ ${u}`,
      publishedAt: new Date(Date.now() + 3_600_000),
    });
    const english = await add(a, { slug: `tk-en-${u}`, title: `News ${u}`, locale: 'en' });
    const theirs = await add(b, { slug: `tk-b-${u}`, title: `Tin của B ${u}` });
    // Withdrawn between the match and the fetch, as a race would have it.
    await Item.update({ publication: 'unpublished' }, { where: { id: withdrawn.id } });
    await Item.update({ publication: 'archived' }, { where: { id: archived.id } });
    const s: SearchQuery = { q: u, siteIds: [a.id], locale: 'vi', page: 1, perPage: 10, useMaster: true };
    const ids = [mine, withdrawn, archived, later, english, theirs].map((i) => i.id);
    const hits = await searchHitsByIds(Item.sequelize!, s, ids);
    expect(hits.map((h) => h.id)).toEqual([mine.id]);
    // The portal's scope (both sites) takes B's published item, never the unpublished ones.
    const portal = await searchHitsByIds(Item.sequelize!, { ...s, siteIds: [a.id, b.id] }, ids);
    expect(portal.map((h) => h.id).sort((x, y) => x - y)).toEqual([mine.id, theirs.id].sort((x, y) => x - y));
    // Filters hold too: a kind filter drops an article.
    expect(await searchHitsByIds(Item.sequelize!, { ...s, kind: 'legal_document' }, ids)).toEqual([]);
  });
});

describe('12. media: a file is public only through a published item of its own site', () => {
  test("a media_uses row joining A's file to B's published item does not publish the file", async () => {
    const store = new LocalFileStore(path.join(dir, 'media'));
    const editor = await actingAs('editor', a.id);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const m = await uploadMedia({ sequelize: p.sequelize, store }, editor, a.id, { bytes: pdf, name: 'du-thao.pdf' });
    const file = m.key.split('/')[1]!;
    expect((await rawGet(p.server, `${a.slug}.test`, `/media/${file}`)).status).toBe(404);
    // As a broken trigger (or a hand-made fix) would: B's published item "uses" A's draft file.
    const theirs = await add(b, { slug: `tk-tep-b-${u}`, title: `Tin có tệp của B ${u}` });
    await p.sequelize.query('INSERT INTO media_uses (media_id, item_id) VALUES (:m, :i)', {
      replacements: { m: m.id, i: theirs.id },
      type: QueryTypes.INSERT,
    });
    expect(await fileToServe(p.sequelize, a.id, m.key)).toMatchObject({ published: false });
    expect((await rawGet(p.server, `${a.slug}.test`, `/media/${file}`)).status).toBe(404);
    expect((await rawGet(p.server, `${b.slug}.test`, `/media/${file}`)).status).toBe(404);
    // Once an item of A publishes it, the same file is served: the 404s above were the rule's.
    await add(a, { slug: `tk-tep-a-${u}`, title: `Tin có tệp của A ${u}`, attachmentIds: [m.id] });
    expect((await rawGet(p.server, `${a.slug}.test`, `/media/${file}`)).status).toBe(200);
  });

  test('the trigger never records a file of another site, even linked by its key from the body', async () => {
    const store = new LocalFileStore(path.join(dir, 'media'));
    const editor = await actingAs('editor', b.id);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const m = await uploadMedia({ sequelize: p.sequelize, store }, editor, b.id, { bytes: pdf, name: 'b.pdf' });
    // A key of B whose prefix is A's site, as a bad import could leave it.
    const file = m.key.split('/')[1]!;
    await p.sequelize.query('UPDATE media SET key = :key WHERE id = :id', {
      replacements: { key: `${a.id}/${file}`, id: m.id },
    });
    const mine = await add(a, {
      slug: `tk-lien-ket-${u}`,
      title: `Tin liên kết ${u}`,
      body: `<p><a href="/media/${file}">Tệp</a></p>`,
    });
    const [uses] = await p.sequelize.query<{ n: string }>('SELECT count(*) AS n FROM media_uses WHERE item_id = :i', {
      replacements: { i: mine.id },
      type: QueryTypes.SELECT,
    });
    expect(Number(uses!.n)).toBe(0);
  });
});

describe('12. every join of a site-owned row to items names the same site', () => {
  test("a royalty entry of A that names B's item never shows B's title", async () => {
    const theirs = await add(b, { slug: `tk-nb-b-${u}`, title: `Tin riêng của B ${u}` });
    // No service writes this: the row is made by hand, as a bad import would.
    await p.sequelize.query(
      `INSERT INTO royalty_entries (tenant_id, item_id, person_name, role, genre_code, coefficient, share,
                                    base_salary, unit_value, amount, published_on, due_on)
       VALUES (:site, :item, 'Người viết A', 'author', 'tin', 1, 1, 2340000, 234000, 234000, '2026-12-01', '2026-12-31')`,
      { replacements: { site: a.id, item: theirs.id }, type: QueryTypes.INSERT },
    );
    const central = (await actingAs('reporter')).actor;
    const entries = await entriesOfItem(p.sequelize, central, a.id, theirs.id);
    expect(entries.map((e) => e.itemTitle)).toEqual(['']);
    const st = await statements(p.sequelize, central, {
      from: '2026-12-01',
      to: '2026-12-31',
      siteIds: [a.id],
      allEntries: true,
    });
    expect(JSON.stringify(st)).not.toContain(`Tin riêng của B ${u}`);
    // The amount still counts for A, where it was recorded.
    expect(st.entries).toHaveLength(1);
  });

  test("a comment of B that names A's consultation is not counted in A's report", async () => {
    const consultation = await add(a, {
      kind: 'consultation',
      slug: `du-thao-${u}`,
      title: `Dự thảo ${u}`,
      publishedAt: new Date('2026-08-01T09:00:00+07:00'),
    });
    await p.sequelize.query(
      `INSERT INTO participations (tenant_id, kind, item_id, tracking_code, sender_name, sender_email, subject, content)
       VALUES (:site, 'comment', :item, :code, 'B', 'b@thu.vn', 'Góp ý', 'Nội dung')`,
      { replacements: { site: b.id, item: consultation.id, code: `X${u}`.toUpperCase() }, type: QueryTypes.INSERT },
    );
    const r = await buildReport(
      p.sequelize,
      (await actingAs('reporter')).actor,
      presetPeriod('h2-2026')!,
      { siteIds: [a.id] },
      [a, b].map((x) => ({ id: x.id, name: x.nameVi, kind: x.kind })),
    );
    expect(r.sites.find((s) => s.id === a.id)).toMatchObject({ consultations: 1, comments: 0 });
  });
});

describe('11. syndication: what the source withdrew is not shown to the receiving site', () => {
  const deps = () => ({ sequelize: p.sequelize, cache: p.cache });
  async function sharedFromA(title: string) {
    const editor = await actingAs('editor', a.id);
    const approver = await actingAs('approver', a.id);
    const item = await createItem(deps(), editor, a as never, 'announcement', {
      title,
      summary: `Tóm tắt ${title}`,
      author: 'Văn phòng',
    });
    await stepItem(deps(), editor, a as never, item.id, 'submit');
    await stepItem(deps(), approver, a as never, item.id, 'approve');
    await offerItem(deps(), approver, a as never, item.id, [b.id]);
    return { item, approver };
  }
  const titlesForStaff = async () =>
    (await sharedWith(p.sequelize, b.id, { acceptedOnly: false, limit: 200 })).map((e) => e.title);

  test("B's staff no longer see the title and summary of an offer withdrawn or archived at A", async () => {
    await sharedFromA(`Thông báo còn đăng ${u}`);
    const withdrawn = await sharedFromA(`Thông báo đã rút ${u}`);
    const archived = await sharedFromA(`Thông báo lưu trữ ${u}`);
    expect(await titlesForStaff()).toEqual(
      expect.arrayContaining([`Thông báo còn đăng ${u}`, `Thông báo đã rút ${u}`, `Thông báo lưu trữ ${u}`]),
    );
    await stepItem(deps(), withdrawn.approver, a as never, withdrawn.item.id, 'unpublish');
    await stepItem(deps(), archived.approver, a as never, archived.item.id, 'archive');
    const entries = await sharedWith(p.sequelize, b.id, { acceptedOnly: false, limit: 200 });
    expect(entries.map((e) => e.title)).toContain(`Thông báo còn đăng ${u}`);
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`đã rút ${u}|lưu trữ ${u}`));
    // Nor can B's approver decide (and so learn about) an offer it can no longer see.
    const offer = (
      await p.sequelize.query<{ id: string }>(
        'SELECT id FROM syndications WHERE item_id = :i AND target_tenant_id = :t',
        { replacements: { i: withdrawn.item.id, t: b.id }, type: QueryTypes.SELECT },
      )
    )[0]!;
    await expect(
      decideOffer(deps(), await actingAs('approver', b.id), b as never, Number(offer.id), true),
    ).rejects.toMatchObject({
      status: 404,
    });
    // Republished at the source, it is back in B's list.
    await stepItem(deps(), withdrawn.approver, a as never, withdrawn.item.id, 'republish');
    expect(await titlesForStaff()).toContain(`Thông báo đã rút ${u}`);
  });
});

describe('13. reports and royalties: the scope comes from the person, not from the caller', () => {
  const half = () => presetPeriod('h2-2026')!;
  const sites = () => [a, b].map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind }));
  const exportDeps = () => ({
    sequelize: p.sequelize,
    files: new PrivateFiles(path.join(dir, 'private')),
    logger: p.logger,
    sites,
  });

  test("A's administrator cannot build B's report, nor every site's; their own is built", async () => {
    const adminA = await actingAs('site_admin', a.id);
    for (const siteIds of [[b.id], [a.id, b.id]])
      await expect(buildReport(p.sequelize, adminA.actor, half(), { siteIds }, sites())).rejects.toMatchObject({
        status: 403,
      });
    const own = await buildReport(p.sequelize, adminA.actor, half(), { siteIds: [a.id] }, sites());
    expect(own.sites.map((s) => s.id)).toEqual([a.id]);
    // A person with no report role at all (an editor of A) reads no report, not even A's.
    const editorA = await actingAs('editor', a.id);
    await expect(buildReport(p.sequelize, editorA.actor, half(), { siteIds: [a.id] }, sites())).rejects.toMatchObject({
      status: 403,
    });
  });

  test("A's administrator cannot export B's figures, and a stored job runs with its requester's grants now", async () => {
    const adminA = await actingAs('site_admin', a.id);
    const before = await ReportExport.count();
    for (const siteIds of [[b.id], [a.id, b.id]])
      await expect(requestExport(exportDeps(), adminA, a.id, false, 'csv', half(), { siteIds })).rejects.toMatchObject({
        status: 403,
      });
    expect(await ReportExport.count()).toBe(before);
    // A job stored with a scope the person may not read (a route's bug, a hand-made row) fails.
    const forged = await ReportExport.create({
      tenantId: a.id,
      requestedBy: adminA.actor.id,
      central: false,
      format: 'csv',
      params: { period: half(), scope: { siteIds: [b.id] } },
      fileKey: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    await runExport(exportDeps(), forged.id);
    expect((await ReportExport.findByPk(forged.id))!.toJSON()).toMatchObject({ status: 'failed', fileKey: null });
    // Requested while allowed, run after the grant was revoked: refused too.
    const job = await requestExport(exportDeps(), adminA, a.id, false, 'csv', half(), { siteIds: [a.id] });
    await Grant.update({ revokedAt: new Date(), revokedBy: adminA.actor.id }, { where: { personId: adminA.actor.id } });
    await runExport(exportDeps(), job.id);
    expect((await ReportExport.findByPk(job.id))!.toJSON()).toMatchObject({
      status: 'failed',
      fileKey: null,
      error: 'Người yêu cầu không còn quyền xem báo cáo này.',
    });
  });

  test("royalty statements and an item's entries: A's administrator gets A's only", async () => {
    const adminA = await actingAs('site_admin', a.id);
    const f = { from: '2026-01-01', to: '2026-12-31', allEntries: true };
    for (const siteIds of [[b.id], [a.id, b.id]])
      await expect(statements(p.sequelize, adminA.actor, { ...f, siteIds })).rejects.toMatchObject({ status: 403 });
    const own = await statements(p.sequelize, adminA.actor, { ...f, siteIds: [a.id] });
    expect(own.sites.every((s) => s.siteId === a.id)).toBe(true);
    const theirs = await add(b, { slug: `tk-nb-${u}`, title: `Tin nhuận bút B ${u}` });
    await expect(entriesOfItem(p.sequelize, adminA.actor, b.id, theirs.id)).rejects.toMatchObject({ status: 403 });
    await expect(
      entriesOfItem(p.sequelize, (await actingAs('editor', b.id)).actor, b.id, theirs.id),
    ).rejects.toMatchObject({ status: 403 });
    expect(await entriesOfItem(p.sequelize, (await actingAs('approver', b.id)).actor, b.id, theirs.id)).toEqual([]);
  });
});

describe("9. typo correction: a site's words are never offered on another site", () => {
  /** A word of random letters with "ab" inside; its typo swaps them (one edit). */
  const letters = (n: number) =>
    Array.from({ length: n }, () => 'efghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 22)]).join('');
  const aWord = `ph${letters(3)}ab${letters(2)}`;
  const bWord = `kh${letters(3)}ab${letters(2)}`;
  const typo = (w: string) => w.replace('ab', 'ba');
  const words = async (siteId: number, list: string[]) =>
    (
      await p.sequelize.query<{ word: string }>(
        'SELECT word FROM search_words WHERE tenant_id = :site AND word IN (:list) ORDER BY word',
        { replacements: { site: siteId, list }, type: QueryTypes.SELECT },
      )
    ).map((r) => r.word);

  beforeAll(async () => {
    await add(a, { slug: `tk-tu-a-${u}`, title: `Lễ hội ${aWord} ${u}` });
    await add(b, { slug: `tk-tu-b-${u}`, title: `Hội thi ${bWord} ${u}` });
  });

  test('a word only B publishes is never suggested on A, and is on B and on the portal', async () => {
    expect(await correctedQuery(p.sequelize, typo(bWord), [a.id])).toBeNull();
    expect(await correctedQuery(p.sequelize, typo(bWord), [b.id])).toBe(bWord);
    // The portal searches the active sites together: the union of their words.
    expect(await correctedQuery(p.sequelize, typo(bWord), [a.id, b.id])).toBe(bWord);
    // A's page: its own word is corrected and found, B's word is neither used nor printed.
    const q = `${typo(aWord)} or ${typo(bWord)}`;
    const onA = await p.get(`${a.slug}.test`, `/tim-kiem?q=${encodeURIComponent(q)}`);
    expect(onA.status).toBe(200);
    expect(onA.text).toContain(`Lễ hội`);
    expect(onA.text).toContain(`«${aWord} or ${typo(bWord)}»`);
    expect(onA.text).not.toContain(bWord);
    const onB = await p.get(`${b.slug}.test`, `/tim-kiem?q=${encodeURIComponent(typo(bWord))}`);
    expect(onB.text).toContain(`«${bWord}»`);
  });

  test('the upkeep drops a word from the site that withdrew it, and keeps it where it is still published', async () => {
    const shared = `tr${letters(4)}ab${letters(2)}`;
    const mine = await add(a, { slug: `tk-chung-a-${u}`, title: `Tin chung ${shared} ${u}` });
    await add(b, { slug: `tk-chung-b-${u}`, title: `Tin chung ${shared} ${u}` });
    expect(await words(a.id, [shared])).toEqual([shared]);
    expect(await words(b.id, [shared])).toEqual([shared]);
    await Item.update({ publication: 'unpublished' }, { where: { id: mine.id } });
    for (let i = 0; i < 50; i++) {
      const [queued] = await p.sequelize.query<{ n: string }>(
        'SELECT count(*) AS n FROM search_words_recheck WHERE tenant_id = :site AND word = :w',
        { replacements: { site: a.id, w: shared }, type: QueryTypes.SELECT },
      );
      if (Number(queued!.n) === 0) break;
      await pruneSearchWords(p.sequelize);
    }
    // B's published item does not keep the word for A: A no longer offers it, B still does.
    expect(await words(a.id, [shared])).toEqual([]);
    expect(await words(b.id, [shared])).toEqual([shared]);
    expect(await correctedQuery(p.sequelize, typo(shared), [a.id])).toBeNull();
    expect(await correctedQuery(p.sequelize, typo(shared), [b.id])).toBe(shared);
  });

  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  (adminUrl ? test : test.skip)("the migration fills each site's words from its published items", async () => {
    const dbName = `cong_words_${uid()}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    let s: Sequelize | undefined;
    try {
      s = createSequelize({ url: url.toString(), poolMax: 2 });
      const migrator = createMigrator(s);
      await migrator.up({ to: '202612070200-media-uses-tenant' });
      const [[t1], [t2]] = await Promise.all(
        ['mig-a', 'mig-b'].map((slug) =>
          s!.query<{ id: number }>(
            `INSERT INTO tenants (slug, name_vi, kind, theme, path_prefix)
             VALUES (:slug, :slug, 'commune', 'coso', '/' || :slug) RETURNING id`,
            { replacements: { slug }, type: QueryTypes.SELECT },
          ),
        ),
      );
      const item = (tenant: number, slug: string, title: string, publication: string) =>
        s!.query(
          `INSERT INTO items (tenant_id, slug, title, publication, published_at) VALUES (:tenant, :slug, :title, :publication, now())`,
          { replacements: { tenant, slug, title, publication } },
        );
      await item(t1!.id, 'a1', `Tin ${aWord} chung`, 'published');
      await item(t1!.id, 'a2', `Nháp ${bWord}`, 'unpublished');
      await item(t2!.id, 'b1', `Tin ${bWord} chung`, 'published');
      // Queued before the migration: rebuilt, nothing is left to recheck.
      await item(t2!.id, 'b2', `Rút ${typo(bWord)}`, 'published');
      await s.query(`UPDATE items SET publication = 'unpublished' WHERE slug = 'b2'`);
      await migrator.up();
      const rows = await s.query<{ tenant_id: number; word: string }>(
        `SELECT tenant_id, word FROM search_words WHERE word IN (:list) ORDER BY tenant_id, word`,
        { replacements: { list: [aWord, bWord, typo(bWord), 'chung', 'tin'] }, type: QueryTypes.SELECT },
      );
      expect(rows.map((r) => [Number(r.tenant_id), r.word])).toEqual(
        [
          [t1!.id, aWord],
          [t1!.id, 'chung'],
          [t1!.id, 'tin'],
          [t2!.id, bWord],
          [t2!.id, 'chung'],
          [t2!.id, 'tin'],
        ].sort((x, y) => Number(x[0]) - Number(y[0]) || String(x[1]).localeCompare(String(y[1]))),
      );
      const [queue] = await s.query<{ n: string }>('SELECT count(*) AS n FROM search_words_recheck', {
        type: QueryTypes.SELECT,
      });
      expect(Number(queue!.n)).toBe(0);
    } finally {
      await s?.close();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('RSS: plain text is escaped as text, never left as markup in CDATA', () => {
  test('a title and a summary with "]]>", a script and <b> stay text', async () => {
    const title = `Tin ]]><script>alert(1)</script> <b>đậm</b> ]]> lần hai ${u}`;
    const summary = `Tóm tắt ]]><img src=x onerror=alert(1)> & <b>x</b>`;
    await add(a, { slug: `tk-rss-${u}`, title, summary });
    const res = await p.get(`${a.slug}.test`, '/rss.xml');
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/<script|<b>|<img/);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(res.text).toContain(`<title><![CDATA[${esc(title)}]]></title>`);
    expect(res.text).toContain(`<description><![CDATA[${esc(summary)}]]></description>`);
    // Every CDATA section closes where it was meant to: as many ends as starts.
    expect(res.text.split(']]>').length).toBe(res.text.split('<![CDATA[').length);
  });
});
