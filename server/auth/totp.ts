// Time-based one-time passwords (RFC 6238) for the second factor, and one-time recovery codes.
import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Cổng TTĐT Tuyên Quang';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, email: string) {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * The time step (Unix time / 30 s) of a correct code, or null: the current step and the one
 * before or after it (clock drift of ±30 s) are accepted. The caller refuses a step already used.
 */
export function totpStep(secret: string, email: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const totp = totpFor(secret, email);
  const delta = totp.validate({ token: clean, window: 1, timestamp: now });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** Whether a code is correct now, whether or not it was used before (see totpStep). */
export function verifyTotp(secret: string, email: string, code: string): boolean {
  return totpStep(secret, email, code) !== null;
}

export function currentTotp(secret: string, email: string): string {
  return totpFor(secret, email).generate();
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The enrolment QR code as SVG markup (no inline style, so it passes the CSP). */
export async function totpQrSvg(secret: string, email: string): Promise<string> {
  const { default: QRCode } = await import('qrcode'); // needed at enrolment only
  return QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

const hashCode = (code: string) =>
  crypto
    .createHash('sha256')
    .update(code.replace(/[^a-z0-9]/gi, '').toLowerCase())
    .digest('hex');

/** Ten codes to show once, and their hashes to store. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const raw = crypto.randomBytes(8).toString('hex').slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashCode) };
}

/** The stored hashes without the one that matches the given code, or null when none does. */
export function consumeRecoveryCode(hashes: readonly string[], code: string): string[] | null {
  const h = hashCode(code);
  if (!hashes.includes(h)) return null;
  return hashes.filter((x) => x !== h);
}
