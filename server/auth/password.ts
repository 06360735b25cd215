// Passwords: argon2id hashes, and the policy (10+ characters, not a common password, not
// containing the e-mail address or its name part).
import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('không-có-tài-khoản-này-0'));

/** Returns why the password is not acceptable, in Vietnamese, or null when it is. */
export function passwordProblem(password: string, email: string): string | null {
  const p = password.normalize('NFC');
  if (p.length < MIN_PASSWORD_LENGTH) return `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  if (p.length > 200) return 'Mật khẩu dài quá 200 ký tự.';
  const lower = p.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || /^(.)\1+$/.test(p) || /^\d+$/.test(p)) {
    return 'Mật khẩu này quá phổ biến hoặc dễ đoán. Hãy chọn mật khẩu khác.';
  }
  const mail = email.toLowerCase();
  const name = mail.split('@')[0] ?? '';
  if (lower.includes(mail) || (name.length >= 3 && lower.includes(name)))
    return 'Mật khẩu không được chứa địa chỉ e-mail.';
  return null;
}
