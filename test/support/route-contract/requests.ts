// Sending one route's request as one identity to one host, as a browser of that page would:
// its cookies, its CSRF token (or a citizen form's token and answer), same-origin headers.
import supertest from 'supertest';
import type { TestPlatform } from '../test-platform';
import type { Fixtures, Session } from './fixtures';
import type { Request as RouteRequest } from './contract';

const NUMBER_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
/** The citizen form guard refuses a form sent sooner than this after it was issued. */
const MIN_FILL_MS = 2_100;

export interface CitizenForm {
  token: string;
  challenge: string;
  issuedAt: number;
}

/** A citizen form of a host read by a visitor's browser (its nonce cookie lands in the jar). */
export async function citizenForm(s: Session, host: string, page: string): Promise<CitizenForm> {
  const res = await s.browser.get(host, page);
  const token = /name="token" value="([^"]+)"/.exec(res.text)?.[1];
  const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/.exec(res.text);
  if (!token || !q) throw new Error(`no citizen form at ${host}${page} (status ${res.status})`);
  const n = (w: string) => NUMBER_WORDS.indexOf(w.toLowerCase());
  return { token, challenge: String(n(q[1]!) + n(q[2]!)), issuedAt: Date.now() };
}

export interface Sent {
  status: number;
  location?: string;
  contentType: string;
  text: string;
}

/**
 * Sends a request. `session`: whose cookies and CSRF token go with it (none: a visitor without
 * cookies). `cookieHost`: the host whose cookies are sent (another host's, to try a session where
 * it does not belong).
 */
export async function send(
  p: TestPlatform,
  f: Fixtures,
  opts: {
    method: string;
    host: string;
    path: string;
    req: RouteRequest;
    session?: Session;
    cookieHost?: string;
    form?: CitizenForm;
  },
): Promise<Sent> {
  const { method, host, req, session } = opts;
  const query = req.query?.(f);
  const url = query ? `${opts.path}${opts.path.includes('?') ? '&' : '?'}${query}` : opts.path;
  const agent = supertest(p.server);
  // Buffered as text whatever the type: a file that leaks shows B's marker as a page would.
  let t = (method === 'GET' ? agent.get(url) : agent.post(url))
    .redirects(0)
    .buffer(true)
    .set({
      host,
      'x-forwarded-for': session?.ip ?? '10.77.0.1',
      ...(session ? { cookie: session.browser.cookie(opts.cookieHost ?? host) } : {}),
    });
  if (method !== 'GET') {
    t = t.set({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    if (opts.form) await new Promise((r) => setTimeout(r, Math.max(0, opts.form!.issuedAt + MIN_FILL_MS - Date.now())));
    const fields: Record<string, string | string[]> = {
      ...(req.body?.(f) ?? {}),
      ...(session && !opts.form ? { _csrf: session.csrf } : {}),
      ...(opts.form ? { token: opts.form.token, challenge: opts.form.challenge, website: '' } : {}),
    };
    if (req.files || opts.form) {
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) t = t.field(k, one);
      for (const [k, file] of Object.entries(req.files ?? {})) t = t.attach(k, file.bytes, file.name);
    } else t = t.type('form').send(fields);
  }
  const res = await t;
  const body: unknown = res.body;
  const text =
    res.text ??
    (Buffer.isBuffer(body) ? body.toString('latin1') : body && typeof body === 'object' ? JSON.stringify(body) : '');
  return {
    status: res.status,
    location: res.headers.location as string | undefined,
    contentType: String(res.headers['content-type'] ?? ''),
    text,
  };
}
