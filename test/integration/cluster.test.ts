// CLUSTER_WORKERS: the server as `npm start` runs it, with two workers sharing the port, the
// database and Redis. Connections are spread over both; SIGTERM stops every process.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../server/paths';

const shared = !!process.env.TEST_ADMIN_DATABASE_URL && !!process.env.REDIS_URL;
const maybe = shared ? test : test.skip;
if (!shared) console.warn('Cluster test skipped: it needs DATABASE_URL and REDIS_URL');

const get = (port: number, p: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path: p, headers: { host: 'tuyenquang.localhost', connection: 'close' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      )
      .on('error', reject);
  });

maybe(
  'two workers serve one port and stop together on SIGTERM',
  async () => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, CLUSTER_WORKERS: '2', PORT: '0', LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          const ports = [...out.matchAll(/"port":(\d+)/g)].map((m) => Number(m[1]));
          if (ports.length >= 2) {
            clearInterval(timer);
            // Workers listening on port 0 share the one port the cluster chose.
            expect(new Set(ports).size).toBe(1);
            resolve(ports[0]!);
          } else if (Date.now() - started > 60_000) {
            clearInterval(timer);
            reject(new Error(`workers did not start:\n${out}`));
          }
        }, 100);
      });
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => get(port, `/tim-kiem?q=cluster-${i}`)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      // Requests Express handled are logged with the worker's pid: both workers answered some.
      const pids = new Set(
        out
          .split('\n')
          .filter((l) => l.includes('/tim-kiem?q=cluster-'))
          .map((l) => /"pid":(\d+)/.exec(l)?.[1])
          .filter(Boolean),
      );
      expect(pids.size).toBe(2);
    } finally {
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    }
    expect(out).toContain('shutting down the workers');
  },
  120_000,
);
