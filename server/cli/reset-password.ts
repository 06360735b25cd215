// npm run reset-password -- EMAIL [--reset-2fa]: a temporary password for one person, printed
// once, to be replaced at their next sign-in; every session of theirs ends. --reset-2fa also
// clears their second factor (they enrol again). See server/setup/reset-access.ts.
import { parseArgs } from 'node:util';
import { LoginThrottle } from '../auth/login-throttle';
import { loadConfig } from '../config';
import { startPlatform } from '../platform';
import { SetupError } from '../setup/first-install';
import { resetAccessFromShell } from '../setup/reset-access';

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { 'reset-2fa': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new SetupError('Cách dùng: npm run reset-password -- EMAIL [--reset-2fa]');
  const platform = await startPlatform(loadConfig(), { scheduler: false });
  try {
    const deps = {
      sequelize: platform.sequelize,
      throttle: new LoginThrottle(platform.cache),
      secrets: platform.secrets,
    };
    const r = await resetAccessFromShell(deps, positionals[0]!, { resetTwoFactor: values['reset-2fa'] });
    console.log(`Mật khẩu tạm của ${positionals[0]}: ${r.temporaryPassword}`);
    console.log('Người dùng phải đổi mật khẩu này khi đăng nhập; mọi phiên đăng nhập cũ đã kết thúc.');
  } finally {
    await platform.close();
  }
}

main().catch((err) => {
  console.error(`Lỗi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof SetupError || String(err?.code).startsWith('ERR_PARSE_ARGS') ? 2 : 1);
});
