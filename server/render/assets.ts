// Theme assets, read once at start, fingerprinted by content and served from memory with their
// gzip and brotli copies. Only files under a theme's assets/ are ever in this store, so template
// sources and theme.json can never be served.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface Asset {
  body: Buffer;
  readonly gzip: Buffer | null;
  readonly br: Buffer | null;
  contentType: string;
  hash: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.json', '.txt', '.ico']);

export function makeAsset(body: Buffer, ext: string): Asset {
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
  const compress = COMPRESSIBLE.has(ext) && body.length > 256;
  // Compressed copies are made on first request, not at start: brotli at its best level over the
  // editor's script alone took about half a second of every start.
  let gzip: Buffer | null | undefined = compress ? undefined : null;
  let br: Buffer | null | undefined = compress ? undefined : null;
  return {
    body,
    get gzip() {
      return gzip === undefined ? (gzip = zlib.gzipSync(body, { level: 9 })) : gzip;
    },
    get br() {
      return br === undefined ? (br = zlib.brotliCompressSync(body)) : br;
    },
    contentType: TYPES[ext] ?? 'application/octet-stream',
    hash,
    etag: `"${hash}"`,
  };
}

/** Reads every file below dir; keys are paths relative to dir with forward slashes. */
export function readAssetDir(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const ext = path.extname(entry.name).toLowerCase();
    if (!(ext in TYPES)) throw new Error(`kiểu tệp không được phép trong assets/: ${full}`);
    out.set(path.relative(dir, full).split(path.sep).join('/'), makeAsset(fs.readFileSync(full), ext));
  }
  return out;
}
