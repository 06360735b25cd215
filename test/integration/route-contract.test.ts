// The route contract (issue 16): every route of the app, as staff of site A against site B's ids,
// with A's session on B's host, and as anonymous visitors, is refused with the database unchanged.
//
// The list of routes is read from Express's router stacks (support/route-contract/routes.ts), so a
// new route is tried without anyone remembering it; a route whose parameters or body nobody has
// described fails the test until someone does (support/route-contract/contract.ts). B's rows are
// fingerprinted from the schema (support/route-contract/fingerprint.ts) before and after each
// request. Positive controls check that the same requests by B's own staff reach B's rows, so the
// refusals are the scope's, not a wrong id or an invalid body.
//
// Who is who. Staff of A holds site_admin, approver and editor on A (nothing elsewhere), signed in
// on A's host and, for the console, on the portal's. "A's session on B's host": sessions live in
// the shared cache, so A's cookie sent to B's host names a valid session there too; what refuses
// it is B's back-office gate (no role on B), which is what is tested. Anonymous visitors carry an
// anonymous session's CSRF token, so that the gate (not the token) is what refuses them.
//
// It fails when a site condition is removed from one read. Tried on these three after the reads
// moved behind siteData (each read made unscoped alone, by crossSite() instead of siteData(site),
// the test run, the line restored):
//  1. server/content/item-lists.ts, itemsPage (the back office's items list). Failed: "staffA@A GET
//     <A>/admin/tin-bai: shows B's back-office data (200)" and "… shows B's public data off B's host".
//  2. server/media/media.service.ts, media.delete's check and execute reads. Failed: "staffA@A POST
//     <A>/admin/tep/<B's file>/xoa: changed site<B>:media (status 303)" (the fingerprint).
//  3. server/participation/participation.service.ts, getForHandling. Failed: "staffA@A GET
//     <A>/admin/y-kien/<B's question>: answered 200, not a refusal" and "… shows B's back-office data".
// Before the move, the same three reads with their hand-written `tenantId` removed failed alike.
// Before the move, a wider sweep removed 44 site conditions one at a time (admin/*, categories, content, submissions,
// royalties, participation, media, ads, syndication, published items, site routes): 41 made the
// test fail. The other three have a second condition that still holds, so nothing leaks:
// exportFor (only its requester reads a site's export), decideOffer's visibility query (the row
// is read again by its target site), fileToServe (a file's key starts with its site's id).
import '../support/route-contract/tag-routers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { LoginThrottle } from '../../server/auth/login-throttle';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import {
  anonymous,
  createFixtures,
  PORTAL_HOST,
  signIn,
  type Fixtures,
  type Session,
} from '../support/route-contract/fixtures';
import { changed, EXCLUDED_TABLES, fingerprinter, type Fingerprinter } from '../support/route-contract/fingerprint';
import { expressRoutes, frontDoorRoutes, type RouteEntry } from '../support/route-contract/routes';
import {
  fill,
  kindOfRoute,
  isEnglish,
  LAST,
  PUBLIC_SHOWS,
  REQUESTS,
  type Request,
  type RouteKind,
} from '../support/route-contract/contract';
import { citizenForm, send, type CitizenForm, type Sent } from '../support/route-contract/requests';

jest.mock('../../server/app', () => {
  const real = jest.requireActual<typeof import('../../server/app')>('../../server/app');
  return {
    ...real,
    createApp: (deps: Parameters<typeof real.createApp>[0]) =>
      ((globalThis as Record<symbol, unknown>)[Symbol.for('route-contract:app')] = real.createApp(deps)),
  };
});

let p: TestPlatform;
let f: Fixtures;
let fp: Fingerprinter;
let routes: RouteEntry[];
let problems: string[];
const sessions: Record<'staffA@A' | 'staffA@portal' | 'anon@A' | 'anon@B' | 'ownerB@B' | 'operator@portal', Session> =
  {} as never;
const forms = new Map<string, CitizenForm>();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-route-contract-'));

jest.setTimeout(120_000);

beforeAll(async () => {
  p = await startTestPlatform({ DATA_DIR: dir, TRUST_PROXY: 'loopback' });
  const app = (globalThis as Record<symbol, unknown>)[Symbol.for('route-contract:app')] as Express;
  const found = expressRoutes(app);
  routes = [...found.routes, ...frontDoorRoutes()];
  problems = found.problems;
  f = await createFixtures(p, dir);
  fp = await fingerprinter(p.sequelize, p.databaseUrl);
  sessions['staffA@A'] = await signIn(p, f.hostA, f.staffA.email);
  sessions['staffA@portal'] = await signIn(p, PORTAL_HOST, f.staffA.email);
  sessions['ownerB@B'] = await signIn(p, f.hostB, f.ownerB.email);
  sessions['operator@portal'] = await signIn(p, PORTAL_HOST, f.operator.email);
  sessions['anon@A'] = await anonymous(p, f.hostA);
  sessions['anon@B'] = await anonymous(p, f.hostB);
  // Citizens' forms are taken now: the guard refuses one sent within two seconds of its issue.
  for (const r of routes)
    for (const mode of MODES[kindOfRoute(r)]) {
      const page = kindOfRoute(r) === 'form' ? requestOf(r).formPage : undefined;
      if (page)
        forms.set(`${mode} ${key(r)}`, await citizenForm(sessions[mode as 'staffA@A' | 'anon@A'], f.hostA, page));
    }
});
afterAll(async () => {
  await fp?.close();
  await p?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const key = (r: RouteEntry) => `${r.method} ${r.path}`;
const requestOf = (r: RouteEntry): Request => REQUESTS[key(r)] ?? {};
/** The path a browser requests: English Express routes answer under `/en`. */
const urlOf = (r: RouteEntry, filled: string) =>
  kindOfRoute(r) === 'public' && isEnglish(r.path) ? `/en${filled}` : filled;

const REFUSALS = new Set([301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 409, 410, 422]);

type Mode = 'staffA@A' | 'staffA@portal' | 'sessionA@B' | 'anon@A' | 'anon@B';
const MODES: Record<RouteKind, Mode[]> = {
  site: ['staffA@A', 'staffA@portal', 'sessionA@B', 'anon@B'],
  console: ['staffA@A', 'staffA@portal', 'sessionA@B', 'anon@B'],
  self: ['staffA@A', 'staffA@portal', 'sessionA@B', 'anon@B'],
  public: ['staffA@A', 'anon@A', 'sessionA@B', 'anon@B'],
  // On B's host a citizen's form is open to anyone, A's staff included: only A's host is tried.
  form: ['staffA@A', 'anon@A'],
  infra: ['anon@B'],
};

test('the route list: every route of every router, each with its parameters and body described', () => {
  expect(problems).toEqual([]);
  const undescribed: string[] = [];
  for (const r of routes) {
    const filled = fill(r, f);
    if (typeof filled === 'string') undescribed.push(filled);
    if (r.method !== 'GET' && !requestOf(r).body) undescribed.push(`${key(r)} has no body in REQUESTS (contract.ts)`);
  }
  expect(undescribed).toEqual([]);
  for (const r of routes)
    for (const v of requestOf(r).variants?.(f) ?? []) {
      const filled = fill(r, f, v.params);
      if (typeof filled === 'string') undescribed.push(`${key(r)} (${v.note}): ${filled}`);
    }
  // Entries of REQUESTS that name no route are stale.
  const keys = new Set(routes.map(key));
  expect(Object.keys(REQUESTS).filter((k) => !keys.has(k))).toEqual([]);
  // Sanity: the walk went into the back office, the site routes and the API.
  for (const k of ['GET /admin/tin-bai/:id', 'POST /admin/y-kien/:id/tra-loi', 'GET /hoi-dap/:id', 'GET /api/v1/items'])
    expect(keys).toContain(k);
});

const hasMarker = (text: string, marker: string) => text.toLowerCase().includes(marker);
/** The addresses of B's public pages and files (a number not followed by another digit). */
const bPaths = () =>
  [
    ...Object.values(f.bSlugs.vi),
    ...Object.values(f.bSlugs.en),
    f.bCat.slug,
    f.bMediaPublic.key.split('/')[1]!,
    f.bImage.key.split('/')[1]!,
    `/hoi-dap/${f.bQuestionPub.id}`,
    `/phan-anh-kien-nghi/${f.bFeedbackPub.id}`,
    `/quang-cao/${f.bAdId}`,
  ].map((raw) => ({ raw, re: new RegExp(`${raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])`) }));

test("staff of A, A's session on B's host and anonymous visitors are refused B's rows; nothing of B (or A) changes", async () => {
  const failures: string[] = [];
  const counts: Record<string, number> = {};
  const ALL = [`site${f.a.id}`, `site${f.b.id}`, `person${f.staffA.id}`];
  const take = () => fp.take([f.a.id, f.b.id], [f.staffA.id]);
  /** The last fingerprint, while nothing has happened since that it would not have seen. */
  let last: Map<string, string> | undefined = await take();
  for (const r of routes) {
    const kind = kindOfRoute(r);
    const filled = fill(r, f);
    if (typeof filled === 'string') continue; // reported by the first test
    const req = requestOf(r);
    const path = urlOf(r, filled.path);
    const reading = r.method === 'GET' || r.method === 'HEAD';
    const start = reading ? (last ?? (await take())) : undefined;
    const attempts: { mode: Mode; path: string; req: Request; ofB: boolean; own?: boolean; note?: string }[] = [
      ...MODES[kind].map((mode) => ({ mode, path, req, ofB: filled.ofB })),
      // Each of B's rows alone beside A's own, by staff of A on A's host.
      ...(req.variants?.(f) ?? []).map((v) => {
        const one = fill(r, f, v.params);
        return {
          mode: 'staffA@A' as const,
          path: typeof one === 'string' ? one : urlOf(r, one.path),
          req: { ...req, body: v.body ? () => v.body! : req.body, refsB: !v.own },
          ofB: !v.own,
          own: v.own,
          note: v.note,
        };
      }),
    ];
    for (const { mode, path, req, ofB, own, note } of attempts) {
      const host = mode === 'staffA@portal' ? PORTAL_HOST : mode.endsWith('@A') ? f.hostA : f.hostB;
      const session =
        mode === 'staffA@A' || mode === 'sessionA@B'
          ? sessions['staffA@A']
          : mode === 'staffA@portal'
            ? sessions['staffA@portal']
            : kind === 'public' || kind === 'infra'
              ? undefined // a visitor without cookies
              : sessions[mode];
      const cookieHost = mode === 'sessionA@B' ? f.hostA : undefined;
      const form = kind === 'form' && req.formPage ? forms.get(`${mode} ${key(r)}`) : undefined;
      const before = reading ? undefined : (last ?? (await take()));
      const res = await send(p, f, { method: r.method, host, path, req, session, cookieHost, form });
      const label = `${mode} ${r.method} ${host}${path}${note ? ` (${note})` : ''}`;
      counts[r.method] = (counts[r.method] ?? 0) + 1;

      if (before) {
        // What may legitimately change: A's own rows, by its own staff on its own screens when
        // nothing of B is named, by one's own account routes, or by a citizen's form on A's host.
        const mayChangeA =
          (kind === 'site' && mode === 'staffA@A' && !ofB && !req.refsB && !own) || kind === 'self' || kind === 'form';
        await finished(req, [f.a.id, f.b.id]);
        let after = await take();
        // Work the response may have started is over before anything is judged.
        for (let i = 0; mayChangeA && i < 50; i++) {
          await new Promise((resolve) => setTimeout(resolve, 40));
          const again = await take();
          if (changed(after, again, ALL).length === 0) break;
          after = again;
        }
        const diff = changed(before, after, mayChangeA ? [`site${f.b.id}`] : ALL);
        if (diff.length) failures.push(`${label}: changed ${diff.join(', ')} (status ${res.status})`);
        last = after;
      }

      if (res.status >= 500) failures.push(`${label}: server error ${res.status}`);
      const mustRefuse =
        ((kind === 'site' || kind === 'console') &&
          (mode !== 'staffA@A' || kind === 'console' || ofB || !!req.refsB)) ||
        (kind === 'form' && ofB);
      if (mustRefuse && !REFUSALS.has(res.status)) failures.push(`${label}: answered ${res.status}, not a refusal`);
      if (kind === 'public' && ofB && host === f.hostA && res.status !== 404)
        failures.push(`${label}: answered ${res.status} for B's row on A's host, not 404`);
      if (kind === 'public' && req.secretRow && res.status !== 404)
        failures.push(`${label}: answered ${res.status} for B's unpublished row, not 404`);
      // B's words: never outside B's host; B's back-office words never to anyone here.
      if (hasMarker(res.text, f.secret) && !(req.secretOnB && host === f.hostB))
        failures.push(`${label}: shows B's back-office data (${res.status})`);
      if (host !== f.hostB && hasMarker(res.text, f.public))
        failures.push(`${label}: shows B's public data off B's host (${res.status})`);
      // Nor a link to one of B's public pages or files (a sitemap lists addresses only).
      const linked = host === f.hostB ? [] : bPaths().filter((bp) => !path.includes(bp.raw) && bp.re.test(res.text));
      if (linked.length) failures.push(`${label}: links to B's ${linked.map((bp) => bp.raw).join(', ')}`);

      if (!reading && kind === 'self' && (await keepSignedIn())) last = undefined;
    }
    if (start) {
      // A read changes nothing: checked once per route, over all its requests.
      const after = await take();
      const diff = changed(start, after, ALL);
      if (diff.length) failures.push(`${key(r)} (a read): changed ${diff.join(', ')}`);
      last = after;
    }
  }
  console.log(
    `route contract: ${routes.length} routes (${Object.entries(
      routes.reduce<Record<string, number>>((n, r) => ({ ...n, [r.method]: (n[r.method] ?? 0) + 1 }), {}),
    )
      .map(([m, n]) => `${n} ${m}`)
      .join(
        ', ',
      )}), ${Object.values(counts).reduce((s, n) => s + n, 0)} requests; excluded tables: ${Object.keys(EXCLUDED_TABLES).join(', ')}; outside every slice: ${fp.outside.join(', ')}`,
  );
  expect(failures).toEqual([]);
});

/** Waits (up to 10 s) until the work a request started after its answer is over. */
async function finished(req: Request, siteIds: number[]) {
  for (let i = 0; req.background && i < 200 && !(await req.background(p.sequelize, siteIds)); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Re-signs staff of A in where an account route (signing out, everywhere) ended the session. The
 * account routes were sent a wrong password on purpose: the count of failures is lifted, as an
 * operator's unlock would, so that it never locks the account the test signs in with.
 */
async function keepSignedIn(): Promise<boolean> {
  await new LoginThrottle(p.cache).unlock(f.staffA.email);
  const again = await Promise.all(
    (
      [
        ['staffA@A', f.hostA],
        ['staffA@portal', PORTAL_HOST],
      ] as const
    ).map(async ([name, host]) => {
      if ((await sessions[name].browser.get(host, '/admin/tai-khoan')).status === 200) return false;
      sessions[name] = await signIn(p, host, f.staffA.email);
      return true;
    }),
  );
  return again.some(Boolean);
}

/** Who may read a route's B rows: B's own staff on B's host, or the Centre's operator on the portal. */
const ownerOf = (kind: RouteKind) =>
  kind === 'console'
    ? { session: () => sessions['operator@portal'], host: PORTAL_HOST }
    : { session: () => sessions['ownerB@B'], host: f.hostB };

test("positive control: B's own staff (the Centre, for the console) read what A's staff were refused", async () => {
  const failures: string[] = [];
  let n = 0;
  for (const r of routes.filter((x) => x.method === 'GET')) {
    const kind = kindOfRoute(r);
    const filled = fill(r, f);
    if (typeof filled === 'string' || kind === 'self' || kind === 'infra') continue;
    const req = requestOf(r);
    const shows = kind === 'public' ? PUBLIC_SHOWS(r, filled.ofB) : (req.shows ?? filled.ofB);
    if (!filled.ofB && !shows) continue;
    const owner = ownerOf(kind);
    const path = urlOf(r, filled.path);
    const res: Sent = await send(p, f, { method: 'GET', host: owner.host, path, req, session: owner.session() });
    n++;
    const label = `owner GET ${owner.host}${path}`;
    if (res.status >= 400) failures.push(`${label}: answered ${res.status}`);
    else if (
      shows &&
      /html|json|xml|csv/.test(res.contentType) &&
      !hasMarker(res.text, f.secret) &&
      !hasMarker(res.text, f.public)
    )
      failures.push(`${label}: shows none of B's data (${res.status})`);
  }
  expect(n).toBeGreaterThan(50);
  expect(failures).toEqual([]);
});

test("positive control: the same requests by B's own staff (the Centre, a visitor of B) do change B's rows", async () => {
  const failures: string[] = [];
  const skipped: string[] = [];
  const rank = (r: RouteEntry) => LAST.findIndex((re) => re.test(r.path)) + 1;
  const posts = routes.filter((r) => r.method !== 'GET' && kindOfRoute(r) !== 'self').sort((x, y) => rank(x) - rank(y));
  // Citizens' forms of B's host, taken at once and sent two seconds later (the guard's minimum).
  const visitor = sessions['anon@B'];
  const bForms = new Map<string, CitizenForm>();
  for (const r of posts)
    if (requestOf(r).formPage) bForms.set(key(r), await citizenForm(visitor, f.hostB, requestOf(r).formPage!));
  let operatorOnB: Session | undefined;
  for (const r of posts) {
    const req = requestOf(r);
    const filled = fill(r, f);
    if (typeof filled === 'string') continue;
    const kind = kindOfRoute(r);
    if (req.positive && typeof req.positive === 'object') {
      skipped.push(`${key(r)}: ${req.positive.skip}`);
      continue;
    }
    const who =
      req.positive === 'operator@B'
        ? { host: f.hostB, session: (operatorOnB ??= await signIn(p, f.hostB, f.operator.email)) }
        : kind === 'console'
          ? { host: PORTAL_HOST, session: sessions['operator@portal'] }
          : kind === 'form'
            ? { host: f.hostB, session: visitor }
            : { host: f.hostB, session: sessions['ownerB@B'] };
    const before = await fp.take([f.b.id], []);
    const res = await send(p, f, {
      method: r.method,
      host: who.host,
      path: filled.path,
      req,
      session: who.session,
      form: bForms.get(key(r)),
    });
    const label = `positive ${r.method} ${who.host}${filled.path}`;
    if (req.positive === 'platform') {
      // No row of B to see: the change is judged by the page it leads to, with its message.
      const next = res.location ? await who.session.browser.get(who.host, res.location) : undefined;
      if (res.status !== 303 || !next || !/flash--ok/.test(next.text))
        failures.push(
          `${label}: answered ${res.status}, then ${/flash flash--\w+"[^>]*>([^<]*)/.exec(next?.text ?? '')?.[1]}`,
        );
      continue;
    }
    await finished(req, [f.b.id]);
    const after = await fp.take([f.b.id], []);
    if (changed(before, after, [`site${f.b.id}`]).length === 0) {
      const next = res.location ? await who.session.browser.get(who.host, res.location) : undefined;
      failures.push(
        `${label}: changed nothing of B (${res.status} ${res.location ?? ''} ${/flash flash--\w+"[^>]*>([^<]*)/.exec(next?.text ?? '')?.[1] ?? ''})`,
      );
    }
  }
  console.log(`positive controls not tried:\n  ${skipped.join('\n  ')}`);
  expect(failures).toEqual([]);
});
