// People: created, changed, locked and reset by operators; each person manages their own
// password, second factor and sessions. Every change checks the policy and writes the audit log
// in the same transaction.
import crypto from 'node:crypto';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { activeGrantWhere, type Actor } from './access';
import { can, mayActOnHolderOf } from './can.policy';
import { Grant } from './grant.model';
import type { LoginThrottle, ThrottleState } from './login-throttle';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { Person, type PersonStatus } from './person.model';
import type { Role } from './roles';
import type { SecretBox } from './secret-box';
import { consumeRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep } from './totp';
import { AppError, forbidden, notFound, parseOrThrow, ValidationError } from '../core/errors';

export interface PeopleDeps {
  sequelize: Sequelize;
  throttle: LoginThrottle;
  secrets: SecretBox;
}

const nfc = (s: string) => s.normalize('NFC').trim();
export const personInputSchema = z.object({
  email: z.string().trim().toLowerCase().email('Địa chỉ e-mail không hợp lệ').max(200),
  fullName: z
    .string()
    .transform(nfc)
    .pipe(z.string().min(1, 'Họ và tên là bắt buộc').max(200, 'Họ và tên dài quá 200 ký tự')),
  unit: z
    .string()
    .transform(nfc)
    .pipe(z.string().max(200, 'Đơn vị dài quá 200 ký tự'))
    .optional()
    .transform((v) => v || null),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+() .-]{0,30}$/, 'Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -')
    .optional()
    .transform((v) => v || null),
});
export type PersonInput = z.input<typeof personInputSchema>;

/** A temporary password that meets the policy, to hand over once; the person must change it. */
export function temporaryPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

const peopleVisibleTo = async (actor: Actor, siteScope?: number) => {
  if (siteScope === undefined) {
    if (!can(actor, 'people.list')) throw forbidden();
    return {};
  }
  if (!can(actor, 'site.people.read', { tenantId: siteScope })) throw forbidden();
  const ids = (
    await Grant.findAll({ where: { tenantId: siteScope, ...activeGrantWhere() }, attributes: ['personId'] })
  ).map((g) => g.personId);
  return { id: { [Op.in]: ids } };
};

export async function listPeople(
  ctx: ActionContext,
  opts: { q?: string; page: number; perPage: number; siteScope?: number },
) {
  const where: Record<string | symbol, unknown> = { ...(await peopleVisibleTo(ctx.actor, opts.siteScope)) };
  if (opts.q) {
    const q = `%${opts.q.normalize('NFC').replace(/[%_\\]/g, '\\$&')}%`;
    where[Op.or] = [{ email: { [Op.iLike]: q } }, { fullName: { [Op.iLike]: q } }, { unit: { [Op.iLike]: q } }];
  }
  const { rows, count } = await Person.findAndCountAll({
    where,
    attributes: ['id', 'email', 'fullName', 'unit', 'phone', 'status', 'totpEnabledAt', 'lastSignInAt'],
    order: [
      ['fullName', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: opts.perPage,
    offset: (opts.page - 1) * opts.perPage,
  });
  return { rows: rows.map((r) => r.get({ plain: true })), total: count };
}

/** A person the actor may see; 404 (not 403) otherwise, so ids cannot be probed. */
export async function getPerson(ctx: ActionContext, id: number, siteScope?: number): Promise<Person> {
  const where = await peopleVisibleTo(ctx.actor, siteScope).catch(() => null);
  // Op.and, not a spread: the scope is itself a condition on id and must not be overwritten.
  const person = where ? await Person.findOne({ where: { [Op.and]: [where, { id }] } }) : null;
  if (!person) throw notFound('Không tìm thấy người dùng');
  return person;
}

/** The roles a person holds now (their active grants). */
export async function activeRolesOf(personId: number, transaction?: Transaction): Promise<Role[]> {
  const grants = await Grant.findAll({
    where: { personId, ...activeGrantWhere() },
    attributes: ['role'],
    transaction,
  });
  return [...new Set(grants.map((g) => g.role))];
}

/** What an actor may do to one person's account, for the services and for the buttons shown. */
export function powersOver(actor: Actor, target: { id: number; roles: readonly Role[] }) {
  const act = mayActOnHolderOf(actor, target.roles);
  return {
    /** Edit, lock, unlock, disable. */
    act,
    /** Reset the password or the second factor: never one's own here (the account page asks for the current password). */
    reset: act && target.id !== actor.id,
    /** A system administrator's credentials: the acting system administrator confirms with their own code. */
    ownCodeRequired: target.roles.includes('sysadmin'),
  };
}

/** Past the limit of wrong passwords or codes: 429; when the cache cannot count: 503 (fail safe). */
function refuseWhenThrottled(state: ThrottleState) {
  if (state === 'unavailable')
    throw new AppError('UNAVAILABLE', 503, 'Hệ thống đăng nhập tạm thời gián đoạn. Xin thử lại sau ít phút.');
  if (state !== 'ok') throw new AppError('TOO_MANY', 429, 'Quá nhiều lần nhập sai. Hãy thử lại sau 15 phút.');
}

export const NOT_YOURS = 'Bạn không thể thao tác với tài khoản này: người này giữ vai trò mà bạn không có quyền cấp.';

/**
 * The person an action changes, locked for the transaction, once the actor is allowed to: a
 * manager of people who could grant every role the person holds (and, for credentials, not
 * themselves; for a system administrator's credentials, confirmed with the actor's own code).
 */
async function targetFor(
  deps: PeopleDeps,
  ctx: ActionContext,
  id: number,
  transaction: Transaction,
  what: 'account' | 'credentials',
  ownCode?: string,
): Promise<Person> {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  const p = await Person.findByPk(id, { transaction, lock: true });
  if (!p) throw notFound('Không tìm thấy người dùng');
  const powers = powersOver(ctx.actor, { id, roles: await activeRolesOf(id, transaction) });
  if (!powers.act) throw forbidden(NOT_YOURS);
  if (what === 'credentials') {
    if (!powers.reset)
      throw new AppError(
        'BAD_REQUEST',
        400,
        'Mật khẩu và xác thực hai lớp của chính bạn được đổi ở trang "Tài khoản của tôi".',
      );
    if (powers.ownCodeRequired) await confirmWithOwnCode(deps, ctx, ownCode ?? '', transaction);
  }
  return p;
}

/** The acting person confirms a grave action with their own current code (not a recovery code). */
async function confirmWithOwnCode(deps: PeopleDeps, ctx: ActionContext, code: string, transaction: Transaction) {
  const me = await Person.findByPk(ctx.actor.id, { transaction });
  if (!me?.totpSecret || !me.totpEnabledAt)
    throw new ValidationError({ ownCode: 'Bạn cần bật xác thực hai lớp cho tài khoản của mình trước.' });
  if (!code.trim()) throw new ValidationError({ ownCode: 'Nhập mã xác thực của bạn.' });
  refuseWhenThrottled(await deps.throttle.secondFactorState(me.email, ctx.ip ?? 'unknown'));
  const result = await acceptTotp(deps, me, code, transaction);
  if (result === 'used') throw new ValidationError({ ownCode: CODE_USED });
  if (result === 'wrong') {
    await deps.throttle.recordSecondFactorFailure(me.email, ctx.ip ?? 'unknown');
    throw new ValidationError({ ownCode: 'Mã xác thực của bạn không đúng.' });
  }
}

export async function createPerson(deps: PeopleDeps, ctx: ActionContext, raw: PersonInput) {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  const input = parseOrThrow(personInputSchema, raw);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return deps.sequelize.transaction(async (transaction) => {
    const existing = await Person.findOne({ where: { email: input.email }, transaction });
    if (existing) throw new ValidationError({ email: `E-mail này đã có tài khoản: ${existing.fullName}` });
    const person = await Person.create(
      { ...input, passwordHash, mustChangePassword: true, totpSecret: null, totpEnabledAt: null, lastSignInAt: null },
      { transaction },
    );
    await recordAudit(
      ctx,
      { action: 'person.create', targetType: 'person', targetId: person.id, summary: { after: input } },
      transaction,
    );
    return { person, temporaryPassword: password };
  });
}

export async function updatePerson(deps: PeopleDeps, ctx: ActionContext, id: number, raw: Omit<PersonInput, 'email'>) {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  const input = parseOrThrow(personInputSchema.omit({ email: true }), raw);
  return deps.sequelize.transaction(async (transaction) => {
    const person = await targetFor(deps, ctx, id, transaction, 'account');
    const before = { fullName: person.fullName, unit: person.unit, phone: person.phone };
    await person.update(input, { transaction });
    await recordAudit(
      ctx,
      { action: 'person.update', targetType: 'person', targetId: id, summary: { before, after: input } },
      transaction,
    );
    return person;
  });
}

export async function setPersonStatus(deps: PeopleDeps, ctx: ActionContext, id: number, status: PersonStatus) {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  if (id === ctx.actor.id && status !== 'active')
    throw new AppError('BAD_REQUEST', 400, 'Không thể tự khóa tài khoản của mình.');
  const person = await deps.sequelize.transaction(async (transaction) => {
    const p = await targetFor(deps, ctx, id, transaction, 'account');
    const before = p.status;
    // Locking or disabling ends every session at once.
    await p.update({ status, ...(status !== 'active' ? { sessionsValidAfter: new Date() } : {}) }, { transaction });
    const action = status === 'active' ? 'person.unlock' : status === 'locked' ? 'person.lock' : 'person.disable';
    await recordAudit(
      ctx,
      { action, targetType: 'person', targetId: id, summary: { before: { status: before }, after: { status } } },
      transaction,
    );
    return p;
  });
  if (status === 'active') await deps.throttle.unlock(person.email); // unlocking also lifts a brute-force lock
  return person;
}

/**
 * An operator resets someone's password: a temporary one, to change at the next sign-in.
 * `ownCode`: the actor's own current code, needed when the person is a system administrator.
 */
export async function resetPassword(deps: PeopleDeps, ctx: ActionContext, id: number, ownCode?: string) {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await deps.sequelize.transaction(async (transaction) => {
    const p = await targetFor(deps, ctx, id, transaction, 'credentials', ownCode);
    await p.update({ passwordHash, mustChangePassword: true, sessionsValidAfter: new Date() }, { transaction });
    await recordAudit(ctx, { action: 'person.resetPassword', targetType: 'person', targetId: id }, transaction);
  });
  return { temporaryPassword: password };
}

export async function resetTwoFactor(deps: PeopleDeps, ctx: ActionContext, id: number, ownCode?: string) {
  if (!can(ctx.actor, 'people.manage')) throw forbidden();
  await deps.sequelize.transaction(async (transaction) => {
    const p = await targetFor(deps, ctx, id, transaction, 'credentials', ownCode);
    await p.update(
      { totpSecret: null, totpEnabledAt: null, recoveryCodes: [], sessionsValidAfter: new Date() },
      { transaction },
    );
    await recordAudit(ctx, { action: 'person.resetTwoFactor', targetType: 'person', targetId: id }, transaction);
  });
}

// ---- self-service -------------------------------------------------------------------------

export async function changeOwnPassword(
  deps: PeopleDeps,
  ctx: ActionContext,
  current: string,
  next: string,
  confirm: string,
) {
  const person = await Person.findByPk(ctx.actor.id);
  if (!person) throw notFound('Không tìm thấy người dùng');
  // Wrong current passwords count as failed sign-ins: a session left open is no way to guess it.
  const ip = ctx.ip ?? 'unknown';
  refuseWhenThrottled(await deps.throttle.state(person.email, ip));
  if (!(await verifyPassword(person.passwordHash, current))) {
    await deps.throttle.recordFailure(person.email, ip);
    throw new ValidationError({ current: 'Mật khẩu hiện tại không đúng.' });
  }
  if (next !== confirm) throw new ValidationError({ confirm: 'Hai lần nhập mật khẩu mới không khớp.' });
  const problem = passwordProblem(next, person.email);
  if (problem) throw new ValidationError({ next: problem });
  if (await verifyPassword(person.passwordHash, next))
    throw new ValidationError({ next: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
  const passwordHash = await hashPassword(next);
  // Every other session ends (as "sign out everywhere"): a thief's session must not outlive the
  // password it was opened with. The caller keeps its own session with the returned time.
  const sessionsValidAfter = new Date();
  await deps.sequelize.transaction(async (transaction) => {
    await person.update({ passwordHash, mustChangePassword: false, sessionsValidAfter }, { transaction });
    await recordAudit(
      ctx,
      { action: 'account.changePassword', targetType: 'person', targetId: person.id },
      transaction,
    );
  });
  return { sessionsValidAfter };
}

export function startTotpEnrolment(deps: PeopleDeps): { secret: string; sealed: string } {
  const secret = newTotpSecret();
  return { secret, sealed: deps.secrets.seal(secret) };
}

/** How long a confirmation of who one is (password and code) allows replacing the second factor. */
export const REAUTH_MAX_MS = 5 * 60 * 1000;

/**
 * The person proves it is them before replacing their second factor: the password and the
 * current code, or the password and a recovery code (a lost phone), both counted against the
 * sign-in limits. A session alone (left open, stolen) is not enough to swap the device.
 */
export async function reauthenticate(deps: PeopleDeps, ctx: ActionContext, password: string, code: string) {
  const person = await Person.findByPk(ctx.actor.id);
  if (!person) throw notFound('Không tìm thấy người dùng');
  const ip = ctx.ip ?? 'unknown';
  refuseWhenThrottled(await deps.throttle.state(person.email, ip));
  if (!(await verifyPassword(person.passwordHash, password))) {
    await deps.throttle.recordFailure(person.email, ip);
    throw new ValidationError({ password: 'Mật khẩu không đúng.' });
  }
  refuseWhenThrottled(await deps.throttle.secondFactorState(person.email, ip));
  const method = await verifySecondFactor(deps, person, code);
  if (method === 'used') throw new ValidationError({ code: CODE_USED });
  if (!method) {
    await deps.throttle.recordSecondFactorFailure(person.email, ip);
    throw new ValidationError({ code: 'Mã xác thực hoặc mã khôi phục không đúng.' });
  }
  await recordAudit(ctx, {
    action: 'account.reauthenticate',
    targetType: 'person',
    targetId: person.id,
    summary: { method },
  });
}

/**
 * Confirms enrolment with a first code; returns the recovery codes to show once. Every other
 * session of the person ends; the caller keeps its own with the returned time. Replacing a
 * second factor already set up needs a recent `reauthenticate` (`reauthenticatedAt`).
 */
export async function confirmTotpEnrolment(
  deps: PeopleDeps,
  ctx: ActionContext,
  sealed: string,
  code: string,
  reauthenticatedAt?: number,
) {
  const person = await Person.findByPk(ctx.actor.id);
  if (!person) throw notFound('Không tìm thấy người dùng');
  if (person.totpEnabledAt && !(reauthenticatedAt && Date.now() - reauthenticatedAt <= REAUTH_MAX_MS))
    throw forbidden('Hãy xác nhận mật khẩu và mã xác thực hiện tại trước khi đổi thiết bị.');
  const replacing = !!person.totpEnabledAt;
  const secret = deps.secrets.open(sealed);
  // The first code of a new secret: no earlier one of it can have been used, so its step is
  // recorded, not compared with the old secret's (a device changed in the minute of a sign-in).
  const step = totpStep(secret, person.email, code);
  if (step === null)
    throw new ValidationError({ code: 'Mã xác thực không đúng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng.' });
  const { codes, hashes } = newRecoveryCodes();
  const sessionsValidAfter = new Date();
  await deps.sequelize.transaction(async (transaction) => {
    await person.update(
      { totpSecret: sealed, totpEnabledAt: new Date(), totpLastStep: step, recoveryCodes: hashes, sessionsValidAfter },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: replacing ? 'account.replaceTwoFactor' : 'account.enableTwoFactor',
        targetType: 'person',
        targetId: person.id,
      },
      transaction,
    );
  });
  return { codes, sessionsValidAfter };
}

export const CODE_USED = 'Mã này vừa được dùng. Hãy đợi mã mới hiện trên ứng dụng (tối đa 30 giây).';

/**
 * Takes a person's TOTP code once (RFC 6238 §5.2): 'used' for a correct code of a time step at or
 * before the last one accepted. The step is stored by a conditional UPDATE, so two requests with
 * one code cannot both pass.
 */
export async function acceptTotp(
  deps: PeopleDeps,
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
 * Checks a second-factor code: TOTP, taken once, or a recovery code, which is then used up.
 * 'used': a correct TOTP code already taken (not a guess, so not counted as a failure).
 */
export async function verifySecondFactor(
  deps: PeopleDeps,
  person: Person,
  code: string,
): Promise<'totp' | 'recovery' | 'used' | null> {
  if (!person.totpSecret) return null;
  const totp = await acceptTotp(deps, person, code);
  if (totp === 'ok') return 'totp';
  if (totp === 'used') return 'used';
  const remaining = consumeRecoveryCode(person.recoveryCodes, code);
  if (remaining) {
    await person.update({ recoveryCodes: remaining });
    return 'recovery';
  }
  return null;
}

export async function signOutEverywhere(deps: PeopleDeps, ctx: ActionContext) {
  await deps.sequelize.transaction(async (transaction) => {
    await Person.update({ sessionsValidAfter: new Date() }, { where: { id: ctx.actor.id }, transaction });
    await recordAudit(
      ctx,
      { action: 'account.signOutEverywhere', targetType: 'person', targetId: ctx.actor.id },
      transaction,
    );
  });
}
