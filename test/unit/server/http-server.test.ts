// Slow clients against the server main.ts starts, over a real socket: headers sent a byte at a
// time and a body trickled slower than allowed are cut off at their deadline (408, closed); a
// client that is slow but within its deadlines, and a normal one, are answered.
import net from 'node:net';
import type http from 'node:http';
import { ConfigError, loadConfig } from '../../../server/config';
import { createHttpServer } from '../../../server/http/http-server';

const HEADERS_MS = 1_000;
const REQUEST_MS = 3_000;

let server: http.Server;
let port: number;
let handled: string[];

beforeAll(async () => {
  handled = [];
  server = createHttpServer(
    (req, res) => {
      handled.push(`${req.method} ${req.url}`);
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => res.end(`ok ${body.length}`));
    },
    { headersMs: HEADERS_MS, requestMs: REQUEST_MS },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (handled = []));

/**
 * Opens a connection and sends `parts` one after another, `gapMs` apart, until the server closes
 * it (or all is sent and it answered). Resolves with what came back and when the socket closed.
 */
function client(parts: string[], gapMs: number) {
  return new Promise<{ received: string; closedAfterMs: number; sent: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const sendNext = () => {
      if (socket.destroyed || sent >= parts.length) return;
      socket.write(parts[sent++]!);
      timer = setTimeout(sendNext, gapMs);
    };
    socket.setEncoding('utf8');
    socket.on('connect', sendNext);
    socket.on('data', (c: string) => (received += c));
    socket.on('error', () => undefined); // a reset after the 408 is the server cutting us off
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: Date.now() - started, sent });
    });
    setTimeout(() => reject(new Error(`still open after 10 s; got: ${received}`)), 10_000).unref();
  });
}

const bytes = (s: string) => s.split('');

test('a normal request is answered', async () => {
  const res = await client(['GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], 0);
  expect(res.received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok 0$/);
  expect(handled).toEqual(['GET /a']);
});

test('headers sent a byte at a time are cut off at the headers deadline, never reaching the handler', async () => {
  // Never finishes: a header line that goes on for 50 s at one byte per 100 ms.
  const res = await client(['GET /slow HTTP/1.1\r\nHost: x\r\nX-Slow: ', ...bytes('a'.repeat(500))], 100);
  expect(res.received).toMatch(/^HTTP\/1\.1 408 /);
  expect(res.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 100);
  expect(res.closedAfterMs).toBeLessThan(HEADERS_MS + 1_500);
  expect(res.sent).toBeLessThan(500);
  expect(handled).toEqual([]);
});

test('a body trickled slower than the request deadline is cut off; the handler never finishes it', async () => {
  const head = 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 300\r\n\r\n';
  const res = await client([head, ...bytes('b'.repeat(300))], 100);
  expect(res.received).toMatch(/^HTTP\/1\.1 408 /);
  expect(res.received).not.toContain('ok ');
  expect(res.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_MS - 100);
  expect(res.closedAfterMs).toBeLessThan(REQUEST_MS + 1_500);
  expect(res.sent).toBeLessThan(300);
  expect(handled).toEqual(['POST /upload']);
});

test('a slow client within its deadlines is answered, even past the headers deadline', async () => {
  const head = 'POST /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 12\r\n\r\n';
  // Headers in 3 pieces, then 12 body bytes, 120 ms apart: about 1.8 s in all, past the 1 s headers
  // deadline (which covers the headers only) and well within the 3 s of the whole request.
  const res = await client([...head.match(/[\s\S]{1,30}/g)!, ...bytes('0123456789ab')], 120);
  expect(res.closedAfterMs).toBeGreaterThan(HEADERS_MS);
  expect(res.received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok 12$/);
});

describe('configuration', () => {
  test('defaults: headers 15 s, request 30 s', () => {
    expect(loadConfig({}).httpTimeouts).toEqual({ headersMs: 15_000, requestMs: 30_000 });
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '60000' }).httpTimeouts).toEqual({
      headersMs: 5_000,
      requestMs: 60_000,
    });
  });

  test.each([
    ['HEADERS_TIMEOUT_MS', '999'],
    ['HEADERS_TIMEOUT_MS', '120001'],
    ['HEADERS_TIMEOUT_MS', '1.5s'],
    ['REQUEST_TIMEOUT_MS', '0'],
    ['REQUEST_TIMEOUT_MS', '600001'],
  ])('%s=%s is refused', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number of milliseconds`));
  });

  test('the headers deadline cannot be longer than the whole request', () => {
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HEADERS_TIMEOUT_MS must not be above REQUEST_TIMEOUT_MS/,
    );
  });
});
