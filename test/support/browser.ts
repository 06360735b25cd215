// A minimal browser for HTTP tests: one cookie jar per host (as a real browser keeps them), no
// automatic redirects, and helpers to read the CSRF token and follow a redirect by hand.
import type http from 'node:http';
import supertest from 'supertest';
import { Person } from '../../server/auth/person.model';
import { currentTotp } from '../../server/auth/totp';
import { DEMO_TOTP_SECRET } from '../../server/seed/demo-accounts';

export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  /** `headers` go with every request, e.g. X-Forwarded-For to act as one visitor behind a proxy. */
  constructor(
    private readonly server: http.Server,
    private readonly headers: Record<string, string> = {},
  ) {}

  cookie(host: string): string {
    return [...(this.jars.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  sessionId(host: string): string | undefined {
    return this.jars.get(host)?.get('cong.sid');
  }

  private remember(host: string, res: supertest.Response) {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    if (!set) return;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    for (const c of set) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(host, jar);
  }

  async get(host: string, path: string) {
    const res = await supertest(this.server)
      .get(path)
      .set({ ...this.headers, host, cookie: this.cookie(host) })
      .redirects(0);
    this.remember(host, res);
    return res;
  }

  async post(host: string, path: string, form: Record<string, string | string[]>) {
    const res = await supertest(this.server)
      .post(path)
      .set({ ...this.headers, host, cookie: this.cookie(host) })
      .type('form')
      .send(form)
      .redirects(0);
    this.remember(host, res);
    return res;
  }

  /** Submits a multipart form (for file uploads). */
  async postMultipart(
    host: string,
    path: string,
    fields: Record<string, string>,
    files: Record<string, { name: string; bytes: Buffer }>,
  ) {
    let req = supertest(this.server)
      .post(path)
      .set({ ...this.headers, host, cookie: this.cookie(host) })
      .redirects(0);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [k, f] of Object.entries(files)) req = req.attach(k, f.bytes, f.name);
    const res = await req;
    this.remember(host, res);
    return res;
  }

  /** GETs a page and returns its CSRF token. */
  async csrf(host: string, path: string): Promise<string> {
    const res = await this.get(host, path);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
    if (!m) throw new Error(`no CSRF token on ${host}${path} (status ${res.status})`);
    return m[1]!;
  }

  /** Fills and sends a form found on a page, adding its CSRF token. */
  async submit(host: string, pagePath: string, action: string, form: Record<string, string | string[]>) {
    const _csrf = await this.csrf(host, pagePath);
    return this.post(host, action, { ...form, _csrf });
  }

  /** Signs in through the form, with the second factor when asked for one. */
  async signIn(
    host: string,
    email: string,
    password: string,
    opts: { base?: string; totpSecret?: string; next?: string } = {},
  ) {
    const base = opts.base ?? '/admin';
    let res = await this.submit(host, `${base}/dang-nhap`, `${base}/dang-nhap`, {
      email,
      password,
      next: opts.next ?? '',
    });
    if (res.status === 303 && res.headers.location === `${base}/dang-nhap/xac-thuc`) {
      for (let attempt = 1; ; attempt++) {
        // A TOTP code is taken once per 30-second step (RFC 6238 §5.2), and test files running
        // side by side sign the same demo accounts in many times a minute, as no person does. So
        // this helper forgets the account's last step before sending the current code (again, if
        // another file took that step in between). The refusal of a used code is tested with plain
        // posts in security/credentials.test.ts, never through this helper.
        await Person.update({ totpLastStep: null }, { where: { email } });
        res = await this.submit(host, `${base}/dang-nhap/xac-thuc`, `${base}/dang-nhap/xac-thuc`, {
          code: currentTotp(opts.totpSecret ?? DEMO_TOTP_SECRET, email),
        });
        if (attempt >= 5 || !(res.status === 401 && res.text.includes('vừa được dùng'))) break;
      }
    }
    return res;
  }
}

/** The path and host of a redirect's Location, absolute or relative. */
export function locationOf(res: supertest.Response, currentHost: string): { host: string; path: string } {
  const loc = res.headers.location as string;
  if (!loc) throw new Error(`no Location (status ${res.status})`);
  if (loc.startsWith('/')) return { host: currentHost, path: loc };
  const u = new URL(loc);
  return { host: u.host, path: u.pathname + u.search };
}
