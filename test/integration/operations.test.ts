// Operation: Prometheus metrics behind a token or an allow-list; the once-a-minute self-check and
// uptime per period; incidents recorded by system administrators; maintenance notices announced
// at least 7 working days ahead and shown on the affected sites only.
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { runUptimeCheck, uptimeOf } from '../../server/ops/uptime.service';
import { announceMaintenance, incidentsIn } from '../../server/ops/incidents.service';
import { presetPeriod } from '../../server/reports/period';
import { buildReport } from '../../server/reports/report.service';
import { setSiteStatus } from '../../tenants/provisioning';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let up: Site;
let down: Site;

beforeAll(async () => {
  p = await startTestPlatform({ METRICS_TOKEN: `token-${u}-0123456789abcdefghij` });
  const mk = (slug: string) => p.newSite({ slug: `${slug}-${u}`, nameVi: `Xã ${slug} ${u}`, kind: 'commune' });
  up = await mk('van-hanh-a');
  down = await mk('van-hanh-b');
});
afterAll(() => p.close());

test('/metrics needs the token; it counts requests per kind of site and shows the database pool', async () => {
  await p.get(`van-hanh-a-${u}.test`, '/').expect(200);
  await p.get(`van-hanh-a-${u}.test`, '/').expect(200);
  expect((await p.get(`van-hanh-a-${u}.test`, '/metrics')).status).toBe(403);
  const wrong = await p.get(D, '/metrics', { authorization: 'Bearer wrong' });
  expect(wrong.status).toBe(403);
  const res = await p.get(D, '/metrics', { authorization: `Bearer token-${u}-0123456789abcdefghij` }).expect(200);
  expect(res.headers['content-type']).toContain('text/plain');
  expect(res.text).toMatch(/cong_http_requests_total\{tenant_kind="commune",status="2xx",cache="hit"\} \d+/);
  expect(res.text).toMatch(/cong_http_request_duration_seconds_bucket\{le="0.005",tenant_kind="commune"\} \d+/);
  expect(res.text).toContain('cong_db_pool_size');
  expect(res.text).toContain('cong_jobs_waiting{queue="report_exports"}');
});

test('the self-check runs once a minute across instances and records each site, the database and the cache', async () => {
  await setSiteStatus(
    { sequelize: p.sequelize, registry: p.registry, cache: p.cache, themeNames: [] },
    down.id,
    'suspended',
  );
  const minute = new Date(
    Date.UTC(
      2031,
      0,
      1 + Math.floor(Math.random() * 28),
      Math.floor(Math.random() * 24),
      Math.floor(Math.random() * 60),
    ),
  );
  const { port } = p.server.address() as AddressInfo;
  const deps = { sequelize: p.sequelize, cache: p.cache, registry: p.registry, port: async () => port };
  const [first, second] = await Promise.all([runUptimeCheck(deps, minute), runUptimeCheck(deps, minute)]);
  const results = (first ?? second)!;
  expect([first, second].filter((r) => r === null)).toHaveLength(1);
  expect(results.database).toBe(true);
  expect(results.cache).toBe(true);
  expect(results[`site:${up.id}`]).toBe(true);
  expect(results[`site:${down.id}`]).toBeUndefined(); // a suspended site is not expected to answer
  const day = new Date(minute.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const rows = await uptimeOf(p.sequelize, day, day, [{ id: up.id, name: up.nameVi }]);
  expect(rows.find((r) => r.target === `site:${up.id}`)).toEqual({
    target: `site:${up.id}`,
    checks: 1,
    failures: 0,
    uptime: 1,
    label: up.nameVi,
  });
});

test('a system administrator records an incident; an operator may not; the report lists it', async () => {
  const sysadmin = new Browser(p.server);
  await sysadmin.signIn(D, `quantri@${D}`, DEMO_PASSWORD);
  const recorded = await sysadmin.submit(D, '/admin/van-hanh', '/admin/van-hanh/su-co', {
    startsAt: '2026-03-10T08:00',
    endsAt: '2026-03-10T09:30',
    severity: 'high',
    cause: `Mất điện trung tâm dữ liệu ${u}`,
    action: 'Chuyển sang nguồn dự phòng',
  });
  expect(recorded.status).toBe(303);
  const found = (await incidentsIn(p.sequelize, '2026-03-10', '2026-03-10')).find((i) => i.cause.includes(u))!;
  expect(found.minutes).toBe(90);
  const r = await buildReport(
    p.sequelize,
    (await actingAs('reporter')).actor,
    presetPeriod('h1-2026')!,
    { siteIds: [up.id] },
    [],
  );
  expect(r.incidents.some((i) => i.cause.includes(u))).toBe(true);

  const operator = new Browser(p.server);
  await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD);
  expect((await operator.get(D, '/admin/van-hanh')).status).toBe(200); // may read
  const refused = await operator.submit(D, '/admin/van-hanh', '/admin/van-hanh/su-co', {
    startsAt: '2026-03-11T08:00',
    severity: 'low',
    cause: `Không được ghi ${u}`,
    action: 'x x x',
  });
  expect(refused.status).toBe(403);
  expect((await incidentsIn(p.sequelize, '2026-03-11', '2026-03-11')).some((i) => i.cause.includes(u))).toBe(false);
});

test('maintenance must be announced 7 working days ahead, and shows on the affected sites only', async () => {
  const admin = await actingAs('sysadmin');
  const deps = { sequelize: p.sequelize, cache: p.cache, allSiteIds: () => p.registry.all().map((s) => s.id) };
  const at = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 16);
  const notice = {
    title: `Bảo trì hệ thống ${u}`,
    message: 'Nâng cấp máy chủ cơ sở dữ liệu.',
    siteIds: [String(up.id)],
  };
  await expect(announceMaintenance(deps, admin, { ...notice, startsAt: at(3), endsAt: at(3.2) })).rejects.toMatchObject(
    { fields: { startsAt: expect.stringContaining('7 ngày làm việc') } },
  );
  await announceMaintenance(deps, admin, { ...notice, startsAt: at(20), endsAt: at(20.2) });
  expect((await p.get(`van-hanh-a-${u}.test`, '/')).text).toContain(`Bảo trì hệ thống ${u}`);
  expect((await p.get(D, '/')).text).not.toContain(`Bảo trì hệ thống ${u}`);
  await expect(
    announceMaintenance(deps, await actingAs('operator'), { ...notice, startsAt: at(20), endsAt: at(21) }),
  ).rejects.toMatchObject({
    status: 403,
  });
});

test('without a token, /metrics answers the allow-list only', async () => {
  const open = await startTestPlatform({ METRICS_ALLOW: '10.0.0.0/8' });
  try {
    // The test connects from 127.0.0.1, which this allow-list does not hold.
    expect((await supertest(open.server).get('/metrics').set({ host: D })).status).toBe(403);
  } finally {
    await open.close();
  }
});
