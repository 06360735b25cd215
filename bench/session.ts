// A signed-in session for the benchmarks that measure pages the page cache does not answer: only
// a session in which someone has signed in passes the cache by (a made-up cong.sid is served
// from it like any anonymous visitor).
import crypto from 'node:crypto';
import http from 'node:http';
import { Client } from 'pg';
import { hashPassword } from '../server/auth/password';

/** One request to the portal, with its status, cookies and body. */
function call(
  port: number,
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
          text,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The Cookie header of an editor of the portal signed in through its sign-in form: only a
 * signed-in session passes the page cache by. The account is the bench's own, made (or given a
 * new random password) in the bench database on each run.
 */
export async function signedInCookie(port: number, portalHost: string, databaseUrl: string): Promise<string> {
  const email = 'bench.bientap@bench.invalid';
  const password = crypto.randomBytes(18).toString('base64url');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO people (email, full_name, password_hash, must_change_password)
       VALUES ($1, 'Biên tập viên đo tải', $2, false)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, must_change_password = false,
         status = 'active', totp_secret = NULL, totp_enabled_at = NULL
       RETURNING id`,
      [email, await hashPassword(password)],
    );
    await client.query(
      `INSERT INTO grants (person_id, tenant_id, role)
       SELECT $1, t.id, 'editor' FROM tenants t WHERE t.primary_host IS NULL AND t.path_prefix = ''
          AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.person_id = $1 AND g.tenant_id = t.id
                           AND g.role = 'editor' AND g.revoked_at IS NULL)`,
      [rows[0]!.id],
    );
  } finally {
    await client.end();
  }
  const form = await call(port, portalHost, 'GET', '/admin/dang-nhap', {});
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  if (!token) throw new Error(`the sign-in form answered ${form.status} without a token`);
  const signIn = await call(
    port,
    portalHost,
    'POST',
    '/admin/dang-nhap',
    { cookie: form.cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ _csrf: token, email, password, next: '' }).toString(),
  );
  const session = signIn.cookies.find((c) => c.startsWith('cong.sid='));
  if (signIn.status !== 303 || !session) throw new Error(`signing the bench's editor in answered ${signIn.status}`);
  return session;
}
