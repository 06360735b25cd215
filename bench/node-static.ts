// "The Node limit": plain node:http answering every request with the portal home page's exact
// bytes from one Buffer. It fetches them once at start from the running portal (argv: port,
// Host), without Accept-Encoding so the body is identity, and replays the portal's headers too,
// minus the per-request ones, so that both put the same bytes on the wire.
import http from 'node:http';
import { listenAndReport } from './child';

const PER_REQUEST = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id', 'x-cache']);

function fetchOnce(port: number, host: string, path: string) {
  return new Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host, 'accept-encoding': 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(res.headers)) if (!PER_REQUEST.has(k) && v !== undefined) headers[k] = v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function main() {
  const [port, host, path = '/'] = process.argv.slice(2);
  if (!port || !host) throw new Error('usage: node-static.ts <portal port> <host> [path]');
  const page = await fetchOnce(Number(port), host, path);
  if (page.status !== 200) throw new Error(`portal home answered ${page.status}`);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, page.headers);
    res.end(page.body);
  });
  listenAndReport(server, { bytes: page.body.length });
}

main().catch((err) => {
  console.error('node-static:', err);
  process.exit(1);
});
