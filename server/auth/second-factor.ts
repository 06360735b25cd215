// Second-factor codes: a TOTP code, taken once (RFC 6238 §5.2), or a recovery code, then used up.
// The sign-in's second step, the confirmation before replacing one's own device and a system
// administrator's confirmation of a grave action all try a code through trySecondFactor, so each
// try is counted against the same limits and a wrong code is counted the same way everywhere.
import { Op, type Transaction } from 'sequelize';
import { AppError } from '../core/errors';
import type { LoginThrottle, ThrottleState } from './login-throttle';
import { Person } from './person.model';
import type { SecretBox } from './secret-box';
import { consumeRecoveryCode, totpStep } from './totp';

export interface SecondFactorDeps {
  throttle: LoginThrottle;
  secrets: SecretBox;
}

export const CODE_USED = 'Mã này vừa được dùng. Hãy đợi mã mới hiện trên ứng dụng (tối đa 30 giây).';

/** Past the limit of wrong passwords or codes: 429; when the cache cannot count: 503 (fail safe). */
export function refuseWhenThrottled(state: ThrottleState | 'throttled') {
  if (state === 'unavailable')
    throw new AppError('UNAVAILABLE', 503, 'Hệ thống đăng nhập tạm thời gián đoạn. Xin thử lại sau ít phút.');
  if (state !== 'ok') throw new AppError('TOO_MANY', 429, 'Quá nhiều lần nhập sai. Hãy thử lại sau 15 phút.');
}

/**
 * Takes a person's TOTP code once: 'used' for a correct code of a time step at or before the
 * last one accepted. The step is stored by a conditional UPDATE, so two requests with one code
 * cannot both pass.
 */
export async function acceptTotp(
  deps: Pick<SecondFactorDeps, 'secrets'>,
  person: Person,
  code: string,
  transaction?: Transaction,
): Promise<'ok' | 'used' | 'wrong'> {
  if (!person.totpSecret) return 'wrong';
  const step = totpStep(deps.secrets.open(person.totpSecret), person.email, code);
  if (step === null) return 'wrong';
  const [taken] = await Person.update(
    { totpLastStep: step },
    {
      where: { id: person.id, [Op.or]: [{ totpLastStep: null }, { totpLastStep: { [Op.lt]: step } }] },
      transaction,
    },
  );
  if (!taken) return 'used';
  person.set('totpLastStep', step, { raw: true });
  return 'ok';
}

/**
 * Checks a second-factor code: TOTP, taken once, or (when allowed) a recovery code, which is then
 * used up. 'used': a correct TOTP code already taken (not a guess, so not counted as a failure).
 */
export async function verifySecondFactor(
  deps: Pick<SecondFactorDeps, 'secrets'>,
  person: Person,
  code: string,
  opts: { recoveryCodes?: boolean; transaction?: Transaction } = {},
): Promise<'totp' | 'recovery' | 'used' | null> {
  if (!person.totpSecret) return null;
  const totp = await acceptTotp(deps, person, code, opts.transaction);
  if (totp === 'ok') return 'totp';
  if (totp === 'used') return 'used';
  if (opts.recoveryCodes === false) return null;
  const remaining = consumeRecoveryCode(person.recoveryCodes, code);
  if (remaining) {
    await person.update({ recoveryCodes: remaining }, { transaction: opts.transaction });
    return 'recovery';
  }
  return null;
}

/**
 * One counted try of a person's code from an address: 'throttled' or 'unavailable' without a try
 * (past the limit, or the cache cannot count: refused, never let through), 'used', 'wrong'
 * (counted as a failure), or the method that passed.
 */
export async function trySecondFactor(
  deps: SecondFactorDeps,
  person: Person,
  code: string,
  ip: string,
  opts: { recoveryCodes: boolean; transaction?: Transaction },
): Promise<'totp' | 'recovery' | 'used' | 'wrong' | 'throttled' | 'unavailable'> {
  const state = await deps.throttle.secondFactorState(person.email, ip);
  if (state === 'unavailable') return 'unavailable';
  if (state !== 'ok') return 'throttled';
  const method = await verifySecondFactor(deps, person, code, opts);
  if (method) return method;
  await deps.throttle.recordSecondFactorFailure(person.email, ip);
  return 'wrong';
}
