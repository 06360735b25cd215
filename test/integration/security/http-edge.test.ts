// Security review of 2026-12 (issue 15), the HTTP edge: requests whose host is ambiguous, the
// page cache and junk session cookies, image work that could starve page serving, malformed
// multipart bodies, cross-site posts to the back office, and what /metrics and /readyz tell whom.
import net from 'node:net';
import { startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';
import type { Site } from '../../../tenants/tenant.types';

let p: TestPlatform;
const u = uid();
let A: Site;
let B: Site;
const HA = `edge-a-${u}.test`;
const HB = `edge-b-${u}.test`;

beforeAll(async () => {
  p = await startTestPlatform();
  A = await p.newSite({ slug: `edge-a-${u}`, nameVi: `Sở Biên A ${u}`, kind: 'department', theme: 'tinh' });
  B = await p.newSite({ slug: `edge-b-${u}`, nameVi: `Sở Biên B ${u}`, kind: 'department', theme: 'tinh' });
  await p.addItem(A as never, { kind: 'article', slug: `tin-a-${u}`, title: `Tin của A ${u}` });
  await p.addItem(B as never, { kind: 'article', slug: `tin-b-${u}`, title: `Tin của B ${u}` });
});
afterAll(() => p.close());

/** Sends raw bytes on a new connection and returns everything the server answers until it closes. */
function rawRequest(bytes: string | Buffer): Promise<string> {
  const { port } = p.server.address() as net.AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.setTimeout(5_000, () => socket.destroy());
  });
}
const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1]);

// --- Duplicate Host (RFC 9112 §3.2) ---

describe('a request whose host is ambiguous', () => {
  test('two Host headers get a 400 before the page cache, the site or the back office read either', async () => {
    // A's page is in the page cache: the front door would answer it without Express.
    const path = `/tin-tuc/tin-a-${u}`;
    await p.get(HA, path).expect(200);
    expect((await p.get(HA, path)).headers['x-cache']).toBe('HIT');
    for (const [method, target, hosts] of [
      ['GET', path, [HA, HB]],
      ['GET', path, [HB, HA]],
      ['GET', '/', [HA, HA]], // even the same host twice
      ['HEAD', path, [HA, HB]],
      ['GET', '/admin/dang-nhap', [HA, HB]],
      ['POST', '/admin/dang-nhap', [HA, HB]],
      ['GET', '/readyz', [HA, HB]],
    ] as const) {
      const head = hosts.map((h, i) => `${i ? 'host' : 'Host'}: ${h}\r\n`).join('');
      const raw = await rawRequest(
        `${method} ${target} HTTP/1.1\r\n${head}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      expect([method, target, hosts, statusOf(raw)]).toEqual([method, target, hosts, 400]);
      if (method !== 'HEAD') expect(raw).toContain('nhiều hơn một tiêu đề Host');
      expect(raw).not.toContain(`Tin của A ${u}`);
      expect(raw).not.toContain(`Tin của B ${u}`);
    }
  });

  test('an absolute-form target naming another host gets a 400; the same request in origin form is served', async () => {
    const raw = await rawRequest(
      `GET http://${HB}/tin-tuc/tin-b-${u} HTTP/1.1\r\nHost: ${HA}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(400);
    expect(raw).not.toContain(`Tin của B ${u}`);
    const ok = await rawRequest(`GET /tin-tuc/tin-b-${u} HTTP/1.1\r\nHost: ${HB}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(ok)).toBe(200);
    expect(ok).toContain(`Tin của B ${u}`);
  });
});
