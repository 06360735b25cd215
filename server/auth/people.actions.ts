// What operators do to people's accounts, as actions (server/actions/): create, edit, lock,
// unlock, disable, and reset a password or a second factor. The platform itself (`npm run setup`,
// `npm run reset-password` from the server's shell) runs the same actions with no one signed in.
import type { Transaction } from 'sequelize';
import { defineAction, type ActorCtx } from '../actions/action';
import { AppError, ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';
import { can } from './can.policy';
import { activeRolesOf, NOT_YOURS, personInputSchema, powersOver, type PersonInput } from './person-rules';
import { Person, type PersonStatus } from './person.model';
import { personOr404 } from './find-person';
import { CODE_USED, refuseWhenThrottled, trySecondFactor, type SecondFactorDeps } from './second-factor';

const OWN_ACCOUNT = 'Mật khẩu và xác thực hai lớp của chính bạn được đổi ở trang "Tài khoản của tôi".';

/**
 * Whether the actor may act on this person's account: a manager of people who could grant every
 * role the person holds (and, for credentials, not on themselves). The platform itself may.
 */
async function targetRefusal(
  who: ActorCtx,
  id: number,
  what: 'account' | 'credentials',
  tx?: Transaction,
): Promise<AppError | null> {
  if (who.actor !== null && !can(who.actor, 'people.manage')) return forbidden();
  if (!(await Person.findByPk(id, { attributes: ['id'], transaction: tx })))
    return notFound('Không tìm thấy người dùng');
  if (who.actor === null) return null;
  const powers = powersOver(who.actor, { id, roles: await activeRolesOf(id, tx) });
  if (!powers.act) return forbidden(NOT_YOURS);
  if (what === 'credentials' && !powers.reset) return new AppError('BAD_REQUEST', 400, OWN_ACCOUNT);
  return null;
}

/** The person's row, locked for the change. */
const locked = (id: number, tx: Transaction): Promise<Person> => personOr404(id, { transaction: tx, lock: true });

/**
 * A system administrator's credentials are reset only with the acting system administrator's
 * own current code (not a recovery code), counted against the sign-in limits.
 */
async function confirmWithOwnCode(
  deps: SecondFactorDeps,
  who: ActorCtx,
  targetId: number,
  code: string,
  tx: Transaction,
) {
  if (who.actor === null || !(await activeRolesOf(targetId, tx)).includes('sysadmin')) return;
  const me = await Person.findByPk(who.actor.id, { transaction: tx });
  if (!me?.totpSecret || !me.totpEnabledAt)
    throw new ValidationError({ ownCode: 'Bạn cần bật xác thực hai lớp cho tài khoản của mình trước.' });
  if (!code.trim()) throw new ValidationError({ ownCode: 'Nhập mã xác thực của bạn.' });
  const result = await trySecondFactor(deps, me, code, who.ip ?? 'unknown', { recoveryCodes: false, transaction: tx });
  if (result === 'throttled' || result === 'unavailable') refuseWhenThrottled(result);
  if (result === 'used') throw new ValidationError({ ownCode: CODE_USED });
  if (result === 'wrong') throw new ValidationError({ ownCode: 'Mã xác thực của bạn không đúng.' });
}

export interface NewPerson {
  details: PersonInput;
  passwordHash: string;
  /**
   * The person chose this password themselves (`npm run setup` asks them): only the platform
   * sets one. Otherwise it is temporary, handed over once and replaced at the first sign-in.
   */
  ownPassword?: boolean;
}

export const personCreate = defineAction({
  name: 'person.create',
  check(who: ActorCtx, input: NewPerson) {
    if (who.actor === null) return null;
    return can(who.actor, 'people.manage') && !input.ownPassword ? null : forbidden();
  },
  async execute(_who, input, tx) {
    const details = parseOrThrow(personInputSchema, input.details);
    const existing = await Person.findOne({ where: { email: details.email }, transaction: tx });
    if (existing) throw new ValidationError({ email: `E-mail này đã có tài khoản: ${existing.fullName}` });
    const person = await Person.create(
      {
        ...details,
        passwordHash: input.passwordHash,
        mustChangePassword: !input.ownPassword,
        totpSecret: null, // enrolled at the first sign-in, on the person's own phone
        totpEnabledAt: null,
        lastSignInAt: null,
      },
      { transaction: tx },
    );
    return { person, details };
  },
  audit: (_who, _input, r) => ({
    action: 'person.create',
    targetType: 'person',
    targetId: r.person.id,
    summary: { after: r.details },
  }),
  invalidates: () => ({}),
});

export const personUpdate = defineAction({
  name: 'person.update',
  check: (who: ActorCtx, input: { personId: number; details: Omit<PersonInput, 'email'> }, tx) =>
    who.actor === null ? forbidden() : targetRefusal(who, input.personId, 'account', tx),
  async execute(_who, input, tx) {
    const after = parseOrThrow(personInputSchema.omit({ email: true }), input.details);
    const person = await locked(input.personId, tx);
    const before = { fullName: person.fullName, unit: person.unit, phone: person.phone };
    await person.update(after, { transaction: tx });
    return { person, before, after };
  },
  audit: (_who, input, r) => ({
    action: 'person.update',
    targetType: 'person',
    targetId: input.personId,
    summary: { before: r.before, after: r.after },
  }),
  invalidates: () => ({}),
});

const STATUS_ACTIONS = { active: 'person.unlock', locked: 'person.lock', disabled: 'person.disable' } as const;

/** Lock, unlock or disable; locking or disabling ends every session of the person at once. */
export const personStatusSet = defineAction({
  name: 'person.status',
  check(who: ActorCtx, input: { personId: number; status: PersonStatus }, tx) {
    if (who.actor === null || !can(who.actor, 'people.manage')) return forbidden();
    if (input.personId === who.actor.id && input.status !== 'active')
      return new AppError('BAD_REQUEST', 400, 'Không thể tự khóa tài khoản của mình.');
    return targetRefusal(who, input.personId, 'account', tx);
  },
  async execute(_who, input, tx) {
    const person = await locked(input.personId, tx);
    const before = person.status;
    const ends = input.status !== 'active' ? { sessionsValidAfter: new Date() } : {};
    await person.update({ status: input.status, ...ends }, { transaction: tx });
    return { person, before };
  },
  audit: (_who, input, r) => ({
    action: STATUS_ACTIONS[input.status],
    targetType: 'person',
    targetId: input.personId,
    summary: { before: { status: r.before }, after: { status: input.status } },
  }),
  invalidates: () => ({}),
});

export interface CredentialsReset {
  personId: number;
  /** The acting system administrator's own code, when the person is a system administrator. */
  ownCode?: string;
}

/**
 * A temporary password, to be replaced at the next sign-in; every session of the person ends.
 * `twoFactor`: the second factor is cleared too (only from the server's shell).
 */
export const personPasswordReset = (deps: SecondFactorDeps) =>
  defineAction({
    name: 'person.resetPassword',
    check(who: ActorCtx, input: CredentialsReset & { passwordHash: string; twoFactor?: boolean }, tx) {
      if (input.twoFactor && who.actor !== null) return forbidden();
      return targetRefusal(who, input.personId, 'credentials', tx);
    },
    async execute(who, input, tx) {
      const person = await locked(input.personId, tx);
      await confirmWithOwnCode(deps, who, input.personId, input.ownCode ?? '', tx);
      const twoFactor = input.twoFactor ? { totpSecret: null, totpEnabledAt: null, recoveryCodes: [] } : {};
      await person.update(
        { passwordHash: input.passwordHash, mustChangePassword: true, sessionsValidAfter: new Date(), ...twoFactor },
        { transaction: tx },
      );
      return person;
    },
    audit: (_who, input) => ({
      action: input.twoFactor ? 'person.resetPasswordAndTwoFactor' : 'person.resetPassword',
      targetType: 'person',
      targetId: input.personId,
    }),
    invalidates: () => ({}),
  });

/** The authenticator app and recovery codes are cleared; the person enrols again at the next sign-in. */
export const personTwoFactorReset = (deps: SecondFactorDeps) =>
  defineAction({
    name: 'person.resetTwoFactor',
    check: (who: ActorCtx, input: CredentialsReset, tx) =>
      who.actor === null ? forbidden() : targetRefusal(who, input.personId, 'credentials', tx),
    async execute(who, input, tx) {
      const person = await locked(input.personId, tx);
      await confirmWithOwnCode(deps, who, input.personId, input.ownCode ?? '', tx);
      await person.update(
        { totpSecret: null, totpEnabledAt: null, recoveryCodes: [], sessionsValidAfter: new Date() },
        { transaction: tx },
      );
    },
    audit: (_who, input) => ({ action: 'person.resetTwoFactor', targetType: 'person', targetId: input.personId }),
    invalidates: () => ({}),
  });
