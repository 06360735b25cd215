// npm run seed [-- --force]: creates the demo sites and items (idempotent). Refused on a domain
// that could be real unless --force, and then with a fresh password and second-factor secret.
import { loadConfig } from '../config';
import { startPlatform } from '../platform';
import { seedDemo } from '../seed/demo';
import { DEMO_TOTP_SECRET } from '../seed/demo-accounts';

const force = process.argv.slice(2).includes('--force');

startPlatform(loadConfig())
  .then(async (platform) => {
    try {
      const r = await seedDemo(platform, { force });
      console.log(`Dữ liệu mẫu: tạo ${r.sites} trang, ${r.items} tin bài.`);
      if (r.accounts) {
        console.log(`Tài khoản mẫu: ${r.accounts.emails.join(', ')}`);
        const secret = r.accounts.totpSecret;
        console.log(
          `Mật khẩu: ${r.accounts.generated ? r.accounts.password : '(DEMO_PASSWORD)'}; khóa 2FA: ${secret}` +
            (secret === DEMO_TOTP_SECRET ? ' (khóa mẫu)' : ` (npm run totp-code -- ${secret})`),
        );
      }
    } finally {
      await platform.close();
    }
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
