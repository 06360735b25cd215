import { hashPassword, passwordProblem, verifyPassword } from '../../../server/auth/password';
import { SecretBox } from '../../../server/auth/secret-box';
import {
  consumeRecoveryCode,
  currentTotp,
  newRecoveryCodes,
  newTotpSecret,
  verifyTotp,
} from '../../../server/auth/totp';

describe('password policy', () => {
  test.each([
    ['short1!', /ít nhất 10/],
    ['123456789012', /phổ biến/],
    ['password123', /phổ biến/],
    ['Matkhau123!', /phổ biến/],
    ['aaaaaaaaaaaa', /phổ biến/],
    ['nguyenvana-2026', /e-mail/],
  ])('refuses %p', (pw, message) => expect(passwordProblem(pw, 'nguyenvana@tuyenquang.gov.vn')).toMatch(message));

  test('accepts a long, uncommon password', () => {
    expect(passwordProblem('Rừng-cọ-đồi-chè-2026', 'a@b.vn')).toBeNull();
  });

  test('hashes with argon2id and verifies NFC and NFD input alike', async () => {
    const h = await hashPassword('Tân Trào 1945!');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'Tân Trào 1945!'.normalize('NFD'))).toBe(true);
    expect(await verifyPassword(h, 'Tan Trao 1945!')).toBe(false);
    expect(await verifyPassword(null, 'x')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('second factor', () => {
  test('TOTP codes verify, wrong ones do not', () => {
    const secret = newTotpSecret();
    const code = currentTotp(secret, 'a@b.vn');
    expect(verifyTotp(secret, 'a@b.vn', code)).toBe(true);
    expect(
      verifyTotp(
        secret,
        'a@b.vn',
        code.replace(/^./, (d) => String((Number(d) + 1) % 10)),
      ),
    ).toBe(false);
    expect(verifyTotp(secret, 'a@b.vn', 'abcdef')).toBe(false);
  });

  test('a recovery code works once', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    const left = consumeRecoveryCode(hashes, codes[3]!.toUpperCase());
    expect(left).toHaveLength(9);
    expect(consumeRecoveryCode(left!, codes[3]!)).toBeNull();
  });

  test('secrets are sealed with authenticated encryption', () => {
    const box = new SecretBox('s'.repeat(40));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new SecretBox('t'.repeat(40)).open(sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    expect(() => box.open([v, iv, tag, body!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.'))).toThrow();
  });
});
