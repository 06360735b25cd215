#!/usr/bin/env node
// cong: the one entry for the server and its commands (`cong start`, `cong setup`, ...).
// From a checkout it first brings dist/ up to date: only the TypeScript files changed since their
// last compile are transpiled (esbuild, the transpiler tsx itself uses, so nothing behaves
// differently), then the compiled JavaScript runs in this same process. Running compiled code,
// with Node's compile cache, is what keeps a start under three seconds: tsx's CLI compiled and
// loaded every module through its hooks, in a second process. In the image there are no sources
// and no esbuild: dist/ is used as `npm run build` (tsc) made it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const nodeModule = require('node:module');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const SOURCE_DIRS = ['server', 'tenants', 'migrations', 'admin'];

const COMMANDS = {
  start: 'server/main',
  setup: 'server/cli/setup',
  migrate: 'server/cli/migrate',
  seed: 'server/cli/seed',
  backup: 'server/cli/backup',
  restore: 'server/cli/restore',
  'totp-code': 'server/cli/totp-code',
  'reset-password': 'server/cli/reset-password',
  'theme-check': 'server/cli/theme-check',
};

function usage(code) {
  const lines = [
    'Cách dùng: cong <lệnh> [tham số]',
    '',
    '  start       chạy máy chủ (không có DATABASE_URL: dùng Postgres nhúng và dữ liệu mẫu)',
    '  setup       cài đặt lần đầu: quản trị hệ thống, vận hành viên và trang cổng tỉnh',
    '  migrate     up | down | status',
    '  seed        tạo dữ liệu mẫu (chỉ cho localhost, trừ khi có --force)',
    '  backup      sao lưu cơ sở dữ liệu và tệp',
    '  restore     khôi phục một bản sao lưu',
    '  totp-code   mã 2FA hiện tại của một khóa (mặc định: khóa mẫu)',
    '  reset-password EMAIL [--reset-2fa]   mật khẩu tạm cho một người (từ máy chủ)',
    '  theme-check THƯ_MỤC…   kiểm tra một giao diện trước khi dùng',
  ];
  (code ? console.error : console.log)(lines.join('\n'));
  process.exit(code);
}

/** Every .ts file below the source folders, as paths relative to the root. */
function sources() {
  const out = [];
  for (const top of SOURCE_DIRS) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
        out.push(path.relative(root, path.join(e.parentPath, e.name)));
    }
  }
  return out;
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Transpiles the changed sources into dist/ and removes compiled files whose source is gone. */
function refreshDist() {
  if (!fs.existsSync(path.join(root, 'server', 'main.ts'))) return; // the image: no sources
  const all = sources();
  const stale = all.filter((f) => mtime(path.join(root, f)) > mtime(path.join(dist, f.replace(/\.ts$/, '.js'))));
  const expected = new Set(all.map((f) => f.replace(/\.ts$/, '.js')));
  for (const top of SOURCE_DIRS) {
    const dir = path.join(dist, top);
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.js')) continue;
      const rel = path.relative(dist, path.join(e.parentPath, e.name));
      // A migration deleted from the sources must not keep running from an old compile.
      if (!expected.has(rel))
        for (const f of [rel, `${rel}.map`, rel.replace(/\.js$/, '.d.ts')])
          fs.rmSync(path.join(dist, f), { force: true });
    }
  }
  if (stale.length === 0) return;
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    console.error('dist/ cũ hơn mã nguồn và không có esbuild: chạy `npm install` rồi thử lại (hoặc `npm run build`).');
    process.exit(1);
  }
  esbuild.buildSync({
    entryPoints: stale.map((f) => path.join(root, f)),
    outdir: dist,
    outbase: root,
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    sourcemap: true,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '--help' || command === '-h' || command === 'help') usage(command ? 0 : 2);
  const target = COMMANDS[command];
  if (!target) {
    console.error(`Lệnh không có: ${command}\n`);
    usage(2);
  }
  nodeModule.enableCompileCache?.();
  refreshDist();
  process.setSourceMapsEnabled(true);
  const file = path.join(dist, `${target}.js`);
  // The command reads its own arguments from process.argv[2] on, as if it were run directly.
  process.argv = [process.argv[0], file, ...args];
  require(file);
}

main();
