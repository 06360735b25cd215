// A platform instance for a test file, on the run's database and cache, with helpers to send
// requests to any host and to create sites that belong to this file alone.
import http from 'node:http';
import supertest from 'supertest';
import pino from 'pino';
import { loadConfig, type Config } from '../../server/config';
import { Item } from '../../server/content/item.model';
import { startPlatform, type Platform } from '../../server/platform';
import { createSite, type SiteInput } from '../../tenants/provisioning';
import type { Tenant } from '../../tenants/tenant.model';
import type { Site, TenantKind } from '../../tenants/tenant.types';
import { actorFrom } from '../../server/auth/access';
import { Grant } from '../../server/auth/grant.model';
import { Person } from '../../server/auth/person.model';
import { hashPassword } from '../../server/auth/password';
import type { Role } from '../../server/auth/roles';
import { Browser } from './browser';

export interface TestPlatform extends Platform {
  server: http.Server;
  /** A request to a host and path, as a browser would send it. */
  get(host: string, path: string, headers?: Record<string, string>): supertest.Test;
  createSite(input: SiteInput): Promise<Tenant>;
  /** A site of this test file alone, at `<slug>.test`, as the registry holds it. */
  newSite(input: { slug: string; nameVi: string; kind: TenantKind; theme?: string }): Promise<Site>;
  addItem(site: Tenant, fields: Partial<Item> & { title: string; slug: string }): Promise<Item>;
}

/** A short random id that keeps names of one test file apart from another's. */
export const uid = () => Math.random().toString(36).slice(2, 8);

export async function startTestPlatform(
  env: Record<string, string> = {},
  opts: { logger?: pino.Logger } = {},
): Promise<TestPlatform> {
  const config: Config = loadConfig({ ...process.env, ...env });
  const platform = await startPlatform(config, {
    logger: opts.logger ?? pino({ level: 'silent' }),
    migrate: false,
    scheduler: false,
  });
  const server = http.createServer(platform.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = supertest(server);
  const deps = {
    sequelize: platform.sequelize,
    registry: platform.registry,
    cache: platform.cache,
    themeNames: [...platform.renderer.themes.keys()],
  };
  return {
    ...platform,
    server,
    get: (host, path, headers = {}) => agent.get(path).set({ host, ...headers }),
    createSite: (input) => createSite(deps, input),
    async newSite({ slug, nameVi, kind, theme = 'coso' }) {
      const t = await createSite(deps, { slug, nameVi, kind, theme, primaryHost: `${slug}.test` });
      return platform.registry.get(t.id)!;
    },
    async addItem(site, fields) {
      const item = await Item.create({
        tenantId: site.id,
        summary: null,
        body: null,
        author: null,
        source: null,
        publishedAt: new Date(Date.now() - 60_000),
        publication: 'published',
        ...fields,
      });
      await platform.cache.bumpTenantVersion(site.id);
      return item;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.close();
    },
  };
}

/** A request (GET by default) with the raw response bytes (no decompression), for checking encodings and caching. */
export function rawGet(
  server: http.Server,
  host: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A new person with one role (on a site, or platform-wide); with a password, they can sign in.
 * `extra` sets other fields of the person (a 2FA secret, a forced password change).
 */
export async function personWithRole(
  role: Role,
  siteId: number | null,
  opts: { password?: string; extra?: Partial<Person> } = {},
) {
  const person = await Person.create({
    email: `${role}-${uid()}@thu.vn`,
    fullName: `Người thử ${role} ${uid()}`,
    unit: null,
    phone: null,
    passwordHash: opts.password ? await hashPassword(opts.password) : null,
    mustChangePassword: false,
    totpSecret: null,
    totpEnabledAt: null,
    lastSignInAt: null,
    ...opts.extra,
  });
  const grant = await Grant.create({
    personId: person.id,
    tenantId: siteId,
    role,
    boardPosition: role === 'board' ? 'member' : null,
    grantedBy: null,
    expiresAt: null,
    revokedBy: null,
    revokedAt: null,
    revokeReason: null,
  });
  return { person, grant };
}

/**
 * The Cookie header of a browser in which a new editor of a site has signed in on `host` (`base`:
 * the site's back office, `/<prefix>/admin` on a path-prefix site). Only a signed-in session
 * passes the page cache by: a made-up `cong.sid` does not.
 */
export async function signedInCookie(server: http.Server, host: string, siteId: number, base = '/admin') {
  const password = 'Mat-khau-cua-bien-tap-2026';
  const { person } = await personWithRole('editor', siteId, { password });
  const browser = new Browser(server);
  const res = await browser.signIn(host, person.email, password, { base });
  if (res.status !== 303) throw new Error(`sign-in on ${host}${base} answered ${res.status}`);
  return browser.cookie(host);
}

/** A new person with one role (on a site, or platform-wide), as the services' action context. */
export async function actingAs(role: Role, siteId: number | null = null) {
  const { person, grant } = await personWithRole(role, siteId);
  return { actor: actorFrom(person, [grant]), ip: '127.0.0.1' };
}

/** The operator's "new site" form for a commune at /<slug> (admin /admin/trang/moi), without its token. */
export function communeForm(slug: string): Record<string, string> {
  return {
    slug,
    nameVi: `Xã Thử ${slug}`,
    kind: 'commune',
    theme: 'coso',
    pathPrefix: `/${slug}`,
    primaryHost: '',
    aliases: '',
    agencyName: `UBND xã Thử ${slug}`,
    approvalNumber: `${uid()}/QĐ-UBND`,
    approvalDate: '2026-10-01',
    colorPrimary: '#204060',
    colorAccent: '#a3161a',
  };
}
