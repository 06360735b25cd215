// npm run setup: the first step of a real installation.
//
//   npm run setup -- env [--file .env] [--domain tuyenquang.gov.vn] [--force]
//     writes the secrets that docker compose reads (database password, session secret, metrics
//     token), each made fresh, to a file only its owner can read;
//   npm run setup [-- --admin-email E --admin-name N --operator-email E --operator-name N]
//     creates the portal on PRIMARY_DOMAIN with the province's blueprint, the first system
//     administrator and the first operator. Passwords come from CONG_ADMIN_PASSWORD and
//     CONG_OPERATOR_PASSWORD, or from standard input (two lines, or typed at hidden prompts).
//     Both enrol their second factor at their first sign-in.
// In the image: node dist/server/cli/setup.js (the same arguments).
import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { startPlatform, type Platform } from '../platform';
import { ALREADY_INSTALLED, alreadyInstalled, firstInstall, SetupError } from '../setup/first-install';

class UsageError extends Error {}

function writeEnvFile(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string', default: '.env' }, domain: { type: 'string' }, force: { type: 'boolean' } },
  });
  const file = values.file!;
  if (fs.existsSync(file) && !values.force)
    throw new UsageError(`${file} đã có: không ghi đè bí mật đang dùng (thêm --force nếu thật sự muốn thay).`);
  const domain = values.domain ?? process.env.PRIMARY_DOMAIN ?? 'tuyenquang.gov.vn';
  const secret = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
  const lines = [
    `# Cổng: bí mật cho docker compose, tạo bởi \`npm run setup -- env\` lúc ${new Date().toISOString()}.`,
    '# Chỉ chủ tệp được đọc. Không đưa tệp này vào git hay gửi qua thư.',
    `PRIMARY_DOMAIN=${domain}`,
    `POSTGRES_PASSWORD=${secret(24)}`,
    `SESSION_SECRET=${secret(32)}`,
    `METRICS_TOKEN=${secret(24)}`,
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  fs.chmodSync(file, 0o600); // also when it replaced a file that others could read
  console.log(`Đã ghi ${file} (PRIMARY_DOMAIN=${domain}; mật khẩu Postgres, SESSION_SECRET, METRICS_TOKEN mới).`);
}

/** Reads answers from standard input: hidden prompts on a terminal, else one line per answer. */
function answers() {
  const interactive = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()!(l) : lines.push(l)));
  rl.on('close', () => {
    closed = true;
    while (waiting.length) waiting.shift()!(null);
  });
  const next = () =>
    new Promise<string | null>((resolve) => {
      if (lines.length) resolve(lines.shift()!);
      else if (closed) resolve(null);
      else waiting.push(resolve);
    });
  return {
    async ask(prompt: string, hidden = false): Promise<string | null> {
      if (!interactive) return next();
      process.stdout.write(prompt);
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      const write = out._writeToOutput.bind(rl);
      if (hidden) out._writeToOutput = (s) => write(s.includes('\n') ? '\n' : ''); // no echo
      try {
        return await next();
      } finally {
        out._writeToOutput = write;
      }
    },
    close: () => rl.close(),
  };
}

async function install(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'operator-email': { type: 'string' },
      'operator-name': { type: 'string' },
    },
  });
  const config = loadConfig();
  const domain = config.primaryDomain;
  const platform = await startPlatform(config, { scheduler: false });
  try {
    if (await alreadyInstalled()) throw new SetupError(ALREADY_INSTALLED); // before asking anything
    await installOn(platform, values, domain);
  } finally {
    await platform.close();
  }
}

async function installOn(platform: Platform, values: Record<string, string | undefined>, domain: string) {
  const input = answers();
  const password = async (envName: string, who: string) => {
    const fromEnv = process.env[envName];
    if (fromEnv) return fromEnv;
    const typed = await input.ask(`Mật khẩu của ${who} (ít nhất 10 ký tự): `, true);
    if (!typed) throw new UsageError(`Thiếu mật khẩu của ${who}: đặt ${envName} hoặc nhập từ đầu vào chuẩn.`);
    if (process.stdin.isTTY && (await input.ask('Nhập lại: ', true)) !== typed)
      throw new UsageError('Hai lần nhập mật khẩu không khớp.');
    return typed;
  };
  let sysadmin;
  let operator;
  try {
    sysadmin = {
      email: values['admin-email'] ?? process.env.CONG_ADMIN_EMAIL ?? `quantri@${domain}`,
      fullName: values['admin-name'] ?? 'Quản trị hệ thống',
      password: await password('CONG_ADMIN_PASSWORD', 'quản trị hệ thống'),
    };
    operator = {
      email: values['operator-email'] ?? process.env.CONG_OPERATOR_EMAIL ?? `vanhanh@${domain}`,
      fullName: values['operator-name'] ?? 'Vận hành viên',
      password: await password('CONG_OPERATOR_PASSWORD', 'vận hành viên'),
    };
  } finally {
    input.close();
  }

  const r = await firstInstall(
    {
      sequelize: platform.sequelize,
      registry: platform.registry,
      cache: platform.cache,
      themeNames: [...platform.renderer.themes.keys()],
    },
    { domain, sysadmin, operator },
  );
  console.log(
    [
      r.portal.created
        ? `Đã tạo cổng tỉnh trên ${domain} (trang "${r.portal.slug}", danh mục theo mẫu cấp tỉnh).`
        : `Cổng tỉnh đã có (trang "${r.portal.slug}"): giữ nguyên.`,
      `Quản trị hệ thống: ${sysadmin.email}`,
      `Vận hành viên:     ${operator.email}`,
      `Đăng nhập tại https://${domain}/admin/dang-nhap: lần đầu, mỗi người quét mã 2FA bằng ứng dụng xác thực trên điện thoại.`,
    ].join('\n'),
  );
}

async function main() {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'env') return writeEnvFile(rest);
  if (first === '--help' || first === '-h') {
    console.log(
      'npm run setup -- env [--file .env] [--domain D] [--force]\n' +
        'npm run setup [-- --admin-email E --admin-name N --operator-email E --operator-name N]',
    );
    return;
  }
  return install(process.argv.slice(2));
}

main().catch((err) => {
  // A refusal (bad input, already installed) exits 2; anything unexpected exits 1.
  const refused =
    err instanceof SetupError || err instanceof UsageError || String(err?.code).startsWith('ERR_PARSE_ARGS');
  console.error(`Lỗi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(refused ? 2 : 1);
});
