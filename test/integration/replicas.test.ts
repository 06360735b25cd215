// Read replicas (DATABASE_REPLICA_URLS): anonymous public reads go to a replica, everything else
// to the primary. The "replica" is a second database on the test server holding a copy of one
// test site whose titles say "bansao" where the primary's say "nguyenban", so every answer
// tells which database it came from.
import { Client } from 'pg';
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { ConfigError, loadConfig } from '../../server/config';
import { Item } from '../../server/content/item.model';
import { Participation } from '../../server/participation/participation.model';
import { migrateUp } from '../../server/db/migrate';
import { createSequelize, replicaReads } from '../../server/db/sequelize';
import { RecentChanges } from '../../server/http/resolve-request';
import type { Site } from '../../tenants/tenant.types';
import { Browser, locationOf } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { signedInCookie, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Sequelize's pool: one, or a read and a write pool with replication. */
const poolOf = (s: Sequelize) =>
  (s as unknown as { connectionManager: { pool: { read?: unknown; write?: unknown } } }).connectionManager.pool;

describe('DATABASE_REPLICA_URLS', () => {
  const base = { DATABASE_URL: 'postgres://app@db.internal:5432/cong' };
  const configError = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      return err instanceof ConfigError ? err.variable : err;
    }
    return null;
  };

  test('takes a list of postgres URLs with a grace period, only with DATABASE_URL', () => {
    expect(loadConfig(base).databaseReplicas).toBeNull();
    expect(
      loadConfig({
        ...base,
        DATABASE_REPLICA_URLS: ' postgres://ro@replica-1:5432/cong , postgresql://replica-2/cong ',
      }).databaseReplicas,
    ).toEqual({ urls: ['postgres://ro@replica-1:5432/cong', 'postgresql://replica-2/cong'], graceMs: 5000 });
    expect(
      loadConfig({ ...base, DATABASE_REPLICA_URLS: 'postgres://r/cong', DATABASE_REPLICA_GRACE_MS: '0' })
        .databaseReplicas!.graceMs,
    ).toBe(0);
    expect(configError({ DATABASE_REPLICA_URLS: 'postgres://r/cong' })).toBe('DATABASE_REPLICA_URLS');
    for (const bad of ['mysql://r/cong', 'postgres://r/cong?sslmode=require', 'postgres:///cong', ' , '])
      expect(configError({ ...base, DATABASE_REPLICA_URLS: bad })).toBe('DATABASE_REPLICA_URLS');
    expect(
      configError({ ...base, DATABASE_REPLICA_URLS: 'postgres://r/cong', DATABASE_REPLICA_GRACE_MS: 'soon' }),
    ).toBe('DATABASE_REPLICA_GRACE_MS');
  });

  test('without replicas Sequelize keeps its single pool', async () => {
    const s = createSequelize({ url: 'postgres://app@127.0.0.1:1/none' });
    expect(replicaReads(s)).toBeNull();
    expect(poolOf(s).read).toBeUndefined();
    await s.close();
    const r = createSequelize({
      url: 'postgres://app@127.0.0.1:1/none',
      replicas: { urls: ['postgres://127.0.0.1:2/copy'], graceMs: 1234 },
    });
    expect(replicaReads(r)).toEqual({ graceMs: 1234 });
    expect(poolOf(r).read).toBeDefined();
    await r.close();
  });
});

test('a site counts as changed for the grace period after its version moves, and when first seen', () => {
  const versions = new Map<number, number>();
  const changes = new RecentChanges({ tenantVersion: (id) => versions.get(id) ?? 0 }, 1000);
  expect(changes.recent(7, 10_000)).toBe(true); // never seen: maybe just changed
  expect(changes.recent(7, 10_999)).toBe(true);
  expect(changes.recent(7, 11_000)).toBe(false);
  versions.set(7, 1);
  expect(changes.recent(7, 50_000)).toBe(true);
  expect(changes.recent(8, 50_000)).toBe(true); // another site is its own
  expect(changes.recent(7, 50_999)).toBe(true);
  expect(changes.recent(7, 51_000)).toBe(false);
  const none = new RecentChanges({ tenantVersion: () => 0 }, 0);
  expect(none.recent(7, 0)).toBe(false);
});

const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
if (!adminUrl) console.warn('Replica tests skipped: they need the real Postgres (DATABASE_URL)');

(adminUrl ? describe : describe.skip)('with a replica', () => {
  const u = uid();
  const D = 'tuyenquang.localhost';
  const GRACE = 1500;
  const replicaDb = `cong_replica_${u}`;
  let replicaUrl: string;
  let primaryDb: string;
  let p: TestPlatform;
  let site: Site;
  let host: string;
  let replica: Client;
  /** Each anonymous read gets its own address, so that no answer comes from the page cache. */
  const fresh = (path: string) => `${path}${path.includes('?') ? '&' : '?'}r=${uid()}`;
  const anonymous = async (path: string) => (await p.get(host, fresh(path))).text;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${replicaDb}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${replicaDb}`;
    replicaUrl = url.toString();
    primaryDb = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const migrator = createSequelize({ url: replicaUrl, poolMax: 2 });
    await migrateUp(migrator, replicaUrl);
    await migrator.close();

    p = await startTestPlatform({
      DATABASE_REPLICA_URLS: replicaUrl,
      DATABASE_REPLICA_GRACE_MS: String(GRACE),
      TRUST_PROXY: 'loopback',
    });
    site = await p.newSite({ slug: `ban-sao-${u}`, nameVi: `Sở Bản Sao ${u}`, kind: 'department' });
    host = `ban-sao-${u}.test`;
    await p.addItem(site as never, {
      kind: 'article',
      slug: `tin-${u}`,
      title: `Tin nguyenban ${u}`,
      body: '<p>Nội dung</p>',
    });

    // The replica: the site and its items, with other titles (the trigger re-indexes them).
    const primary = new Client({ connectionString: process.env.DATABASE_URL });
    await primary.connect();
    replica = new Client({ connectionString: replicaUrl });
    await replica.connect();
    for (const [table, column] of [
      ['tenants', 'id'],
      ['items', 'tenant_id'],
    ] as const) {
      const { rows } = await primary.query(`SELECT row_to_json(t) AS r FROM ${table} t WHERE ${column} = $1`, [
        site.id,
      ]);
      for (const { r } of rows)
        await replica.query(`INSERT INTO ${table} SELECT * FROM json_populate_record(NULL::${table}, $1)`, [r]);
    }
    await primary.end();
    await replica.query(`UPDATE items SET title = replace(title, 'nguyenban', 'bansao') WHERE tenant_id = $1`, [
      site.id,
    ]);

    // This process sees the site's version for the first time, then lets the grace period pass.
    await p.get(host, fresh('/')).expect(200);
    await wait(GRACE + 200);
  });
  afterAll(async () => {
    await p?.close();
    await replica?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${replicaDb} WITH (FORCE)`);
    await admin.end();
  });

  test('a query goes to the primary unless it says useMaster: false', async () => {
    const db = async (opts: object) =>
      (await p.sequelize.query<{ db: string }>('SELECT current_database() AS db', {
        type: QueryTypes.SELECT,
        plain: true,
        ...opts,
      }))!.db;
    expect(await db({})).toBe(primaryDb);
    expect(await db({ useMaster: false })).toBe(replicaDb);
    expect(await db({ useMaster: true })).toBe(primaryDb);
    expect(await p.sequelize.transaction({ readOnly: true }, (transaction) => db({ transaction }))).toBe(primaryDb);

    const where = { tenantId: site.id, slug: `tin-${u}` };
    expect((await Item.findOne({ where }))!.title).toBe(`Tin nguyenban ${u}`);
    expect((await Item.findOne({ where, useMaster: false }))!.title).toBe(`Tin bansao ${u}`);
    const bansao = { tenantId: site.id, title: { [Op.like]: '%bansao%' } };
    expect(await Item.count({ where: bansao })).toBe(0);
    expect(await Item.count({ where: bansao, useMaster: false })).toBe(1);
  });

  test("an anonymous visitor's item page, lists, search and open data come from the replica", async () => {
    const page = await anonymous(`/tin-tuc/tin-${u}`);
    expect(page).toContain(`Tin bansao ${u}`);
    expect(page).not.toContain('nguyenban');
    expect(await anonymous('/tin-tuc')).toContain(`Tin bansao ${u}`);
    expect(await anonymous('/')).toContain(`Tin bansao ${u}`);
    // Only the replica has the word.
    expect(await anonymous(`/tim-kiem?q=bansao+${u}`)).toContain(`/tin-tuc/tin-${u}`);
    const list = JSON.parse(await anonymous('/api/v1/items')) as { data: { title: string }[] };
    expect(list.data.map((i) => i.title)).toEqual([`Tin bansao ${u}`]);
    const one = JSON.parse(await anonymous(`/api/v1/items/article/tin-${u}`)) as { data: { title: string } };
    expect(one.data.title).toBe(`Tin bansao ${u}`);
  });

  test('a signed-in visitor, the back office and a citizen’s submission with its tracking code use the primary', async () => {
    const withSession = await p.get(host, fresh(`/tin-tuc/tin-${u}`), {
      cookie: await signedInCookie(p.server, host, site.id),
    });
    expect(withSession.text).toContain(`Tin nguyenban ${u}`);

    // The replica holds no people, sessions or Minh Xuân items: the back office works only on the primary.
    const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
    await p.addItem(mx as never, { kind: 'article', slug: `qt-${u}`, title: `Tin quản trị nguyenban ${u}` });
    const editor = new Browser(p.server);
    expect(
      (await editor.signIn(D, `bientap.minhxuan@${D}`, DEMO_PASSWORD, { base: '/phuong-minh-xuan/admin' })).status,
    ).toBe(303);
    expect((await editor.get(D, '/phuong-minh-xuan/admin/tin-bai')).text).toContain(`Tin quản trị nguyenban ${u}`);

    // A citizen asks; the question is written to the primary and found there by its code.
    const citizen = new Browser(p.server, { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.7` });
    const form = await citizen.get(host, '/hoi-dap/gui');
    const token = /name="token" value="([^"]+)"/.exec(form.text)![1]!;
    const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
    const [, a, b] = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(form.text)!;
    const challenge = String(DIGITS.indexOf(a!.toLowerCase()) + DIGITS.indexOf(b!.toLowerCase()));
    await wait(2100); // faster than a person is refused
    const sent = await citizen.postMultipart(
      host,
      '/hoi-dap/gui',
      {
        senderName: 'Nguyễn Văn An',
        senderEmail: `an.${u}@thu.vn`,
        subject: `Hỏi về bản sao ${u}`,
        content: 'Xin hỏi thủ tục chứng thực bản sao cần những giấy tờ gì?',
        target: String(site.id),
        token,
        challenge,
        website: '',
      },
      {},
    );
    expect(sent.status).toBe(303);
    const tracking = locationOf(sent, host).path;
    const code = /ma=([^&]+)/.exec(tracking)![1]!;
    const found = await citizen.get(host, tracking);
    expect(found.text).toContain(code);
    expect(found.text).not.toContain('Không tìm thấy ý kiến');
    expect(await Participation.count({ where: { tenantId: site.id } })).toBe(1);
    expect((await replica.query('SELECT count(*)::int AS n FROM participations')).rows[0].n).toBe(0);
  }, 30_000);

  test('right after a change, public reads stay on the primary for the grace period', async () => {
    await p.addItem(site as never, { kind: 'article', slug: `moi-${u}`, title: `Tin mới nguyenban ${u}` });
    // The replica does not have it: found only because it is read from the primary.
    expect(await anonymous(`/tin-tuc/moi-${u}`)).toContain(`Tin mới nguyenban ${u}`);
    expect(await anonymous(`/tin-tuc/tin-${u}`)).toContain(`Tin nguyenban ${u}`);
    await wait(GRACE + 200);
    expect(await anonymous(`/tin-tuc/tin-${u}`)).toContain(`Tin bansao ${u}`);
  });

  test('without replicas every read goes to the primary, in one pool', async () => {
    await p.close();
    p = await startTestPlatform();
    expect(replicaReads(p.sequelize)).toBeNull();
    expect(poolOf(p.sequelize).read).toBeUndefined();
    const page = await anonymous(`/tin-tuc/tin-${u}`);
    expect(page).toContain(`Tin nguyenban ${u}`);
    expect(page).not.toContain('bansao');
  });

  test('a replica that cannot be reached leaves the reads to the primary', async () => {
    await p.close();
    p = await startTestPlatform({
      DATABASE_REPLICA_URLS: 'postgres://postgres@127.0.0.1:1/nowhere',
      DATABASE_REPLICA_GRACE_MS: '0',
    });
    const { db } = (await p.sequelize.query<{ db: string }>('SELECT current_database() AS db', {
      type: QueryTypes.SELECT,
      plain: true,
      useMaster: false,
    }))!;
    expect(db).toBe(primaryDb);
    const page = await p.get(host, fresh(`/tin-tuc/tin-${u}`)).expect(200);
    expect(page.text).toContain(`Tin nguyenban ${u}`);
  });
});
