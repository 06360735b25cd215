// npm run seed: creates the demo sites and items (idempotent).
import { loadConfig } from '../config';
import { startPlatform } from '../platform';
import { seedDemo } from '../seed/demo';

startPlatform(loadConfig())
  .then(async (platform) => {
    try {
      const r = await seedDemo(platform);
      console.log(`Dữ liệu mẫu: tạo ${r.sites} trang, ${r.items} tin bài.`);
      if (r.accounts) {
        console.log(`Tài khoản mẫu: ${r.accounts.emails.join(', ')}`);
        console.log(
          `Mật khẩu: ${r.accounts.generated ? r.accounts.password : '(DEMO_PASSWORD)'}; khóa 2FA mẫu: ${r.accounts.totpSecret}`,
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
