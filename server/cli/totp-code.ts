// npm run totp-code [-- <base32 secret>]: the current six-digit code for a TOTP secret; without
// an argument, for the demo accounts' secret. For trying the demo without a phone.
import { TOTP, Secret } from 'otpauth';
import { DEMO_TOTP_SECRET } from '../seed/demo-accounts';

const secret = process.argv[2] ?? DEMO_TOTP_SECRET;
console.log(new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30 }).generate());
