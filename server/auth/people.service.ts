// People: the reads of the console's and a site's people screens, and the changes, each a thin
// call of its action (people.actions.ts for operators, account.actions.ts for one's own account).
// Checking one's own password or code, which comes before a change of one's own account and
// counts against the sign-in limits, happens here, outside the change's transaction.
import { Op, type Sequelize } from 'sequelize';
import type { ActionContext } from '../audit/audit.service';
import { runUncachedAction } from '../actions/run-action';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import { forbidden, notFound, ValidationError } from '../core/errors';
import {
  accountPasswordChange,
  accountReauthenticated,
  accountSignOutEverywhere,
  accountTwoFactorEnrol,
} from './account.actions';
import { activeGrantWhere, type Actor } from './access';
import { can } from './can.policy';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import {
  personCreate,
  personPasswordReset,
  personStatusSet,
  personTwoFactorReset,
  personUpdate,
} from './people.actions';
import { temporaryPassword, type PersonInput } from './person-rules';
import { Person, type PersonStatus } from './person.model';
import { personOr404 } from './find-person';
import type { SecretBox } from './secret-box';
import { CODE_USED, refuseWhenThrottled, trySecondFactor } from './second-factor';
import { newTotpSecret } from './totp';

export { REAUTH_MAX_MS } from './account.actions';
export { activeRolesOf, NOT_YOURS, personInputSchema, powersOver, temporaryPassword } from './person-rules';
export type { PersonInput } from './person-rules';

export interface PeopleDeps {
  sequelize: Sequelize;
  throttle: LoginThrottle;
  secrets: SecretBox;
}

const peopleVisibleTo = async (actor: Actor, siteScope?: number) => {
  if (siteScope === undefined) {
    if (!can(actor, 'people.list')) throw forbidden();
    return {};
  }
  if (!can(actor, 'site.people.read', { tenantId: siteScope })) throw forbidden();
  const ids = (
    await siteData({ id: siteScope }).grants.findAll({ where: activeGrantWhere(), attributes: ['personId'] })
  ).map((g) => g.personId);
  return { id: { [Op.in]: ids } };
};

/** People of the console (everyone), or of one site (those holding a role there). */
export async function listPeople(
  ctx: ActionContext,
  opts: { q?: string; page: number; perPage: number; siteScope?: number },
) {
  const where: Record<string | symbol, unknown> = { ...(await peopleVisibleTo(ctx.actor, opts.siteScope)) };
  if (opts.q) {
    const q = `%${opts.q.normalize('NFC').replace(/[%_\\]/g, '\\$&')}%`;
    where[Op.or] = [{ email: { [Op.iLike]: q } }, { fullName: { [Op.iLike]: q } }, { unit: { [Op.iLike]: q } }];
  }
  const { rows, count } = await crossSite('platform-console').people.findAndCountAll({
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
export async function getPerson(ctx: ActionContext, id: number, siteScope?: number) {
  const where = await peopleVisibleTo(ctx.actor, siteScope).catch(() => null);
  // Op.and, not a spread: the scope is itself a condition on id and must not be overwritten.
  const person = where
    ? await crossSite('platform-console').people.findOne({ where: { [Op.and]: [where, { id }] } })
    : null;
  if (!person) throw notFound('Không tìm thấy người dùng');
  return person.get({ plain: true });
}

/** "Name (e-mail)" of each of these people, for the console's lists of grants. */
export async function peopleLabels(ctx: ActionContext, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  if (!can(ctx.actor, 'people.list') && !can(ctx.actor, 'grants.manage')) throw forbidden();
  const people = await crossSite('platform-console').people.findAll({
    where: { id: ids },
    attributes: ['id', 'fullName', 'email'],
  });
  return new Map(people.map((p) => [p.id, `${p.fullName} (${p.email})`]));
}

/** The first 500 people by name, for the audit log's filter by person. */
export async function personChoices(ctx: ActionContext) {
  if (!can(ctx.actor, 'audit.readAll')) throw forbidden();
  const people = await crossSite('platform-console').people.findAll({
    attributes: ['id', 'fullName', 'email'],
    order: [['fullName', 'ASC']],
    limit: 500,
  });
  return people.map((p) => ({ id: String(p.id), name: `${p.fullName} (${p.email})` }));
}

// ---- operators' changes -----------------------------------------------------------------------

export async function createPerson(deps: PeopleDeps, ctx: ActionContext, raw: PersonInput) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const { person } = await runUncachedAction(deps.sequelize, ctx, personCreate, { details: raw, passwordHash });
  return { person, temporaryPassword: password };
}

export async function updatePerson(deps: PeopleDeps, ctx: ActionContext, id: number, raw: Omit<PersonInput, 'email'>) {
  return (await runUncachedAction(deps.sequelize, ctx, personUpdate, { personId: id, details: raw })).person;
}

export async function setPersonStatus(deps: PeopleDeps, ctx: ActionContext, id: number, status: PersonStatus) {
  const { person } = await runUncachedAction(deps.sequelize, ctx, personStatusSet, { personId: id, status });
  if (status === 'active') await deps.throttle.unlock(person.email); // unlocking also lifts a brute-force lock
  return person;
}

/**
 * An operator resets someone's password: a temporary one, to change at the next sign-in.
 * `ownCode`: the actor's own current code, needed when the person is a system administrator.
 */
export async function resetPassword(deps: PeopleDeps, ctx: ActionContext, id: number, ownCode?: string) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await runUncachedAction(deps.sequelize, ctx, personPasswordReset(deps), { personId: id, ownCode, passwordHash });
  return { temporaryPassword: password };
}

export async function resetTwoFactor(deps: PeopleDeps, ctx: ActionContext, id: number, ownCode?: string) {
  await runUncachedAction(deps.sequelize, ctx, personTwoFactorReset(deps), { personId: id, ownCode });
}

// ---- one's own account ------------------------------------------------------------------------

/** The signed-in person's row, for checking their password or code. */
const me = (ctx: ActionContext) => personOr404(ctx.actor.id);

/**
 * One's own password, counted as a sign-in: a session left open is no way to guess it. `wrong`:
 * the field and message of a wrong password.
 */
async function checkOwnPassword(
  deps: PeopleDeps,
  ctx: ActionContext,
  person: Person,
  password: string,
  wrong: Record<string, string>,
) {
  const ip = ctx.ip ?? 'unknown';
  refuseWhenThrottled(await deps.throttle.state(person.email, ip));
  if (!(await verifyPassword(person.passwordHash, password))) {
    await deps.throttle.recordFailure(person.email, ip);
    throw new ValidationError(wrong);
  }
}

export async function changeOwnPassword(
  deps: PeopleDeps,
  ctx: ActionContext,
  current: string,
  next: string,
  confirm: string,
) {
  const person = await me(ctx);
  await checkOwnPassword(deps, ctx, person, current, { current: 'Mật khẩu hiện tại không đúng.' });
  if (next !== confirm) throw new ValidationError({ confirm: 'Hai lần nhập mật khẩu mới không khớp.' });
  const problem = passwordProblem(next, person.email);
  if (problem) throw new ValidationError({ next: problem });
  if (await verifyPassword(person.passwordHash, next))
    throw new ValidationError({ next: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
  const passwordHash = await hashPassword(next);
  // The caller keeps its own session with the returned time; every other session ends.
  const sessionsValidAfter = new Date();
  await runUncachedAction(deps.sequelize, ctx, accountPasswordChange, { passwordHash, sessionsValidAfter });
  return { sessionsValidAfter };
}

export function startTotpEnrolment(deps: Pick<PeopleDeps, 'secrets'>): { secret: string; sealed: string } {
  const secret = newTotpSecret();
  return { secret, sealed: deps.secrets.seal(secret) };
}

/**
 * The person proves it is them before replacing their second factor: the password and the
 * current code, or the password and a recovery code (a lost phone), both counted against the
 * sign-in limits. A session alone (left open, stolen) is not enough to swap the device.
 */
export async function reauthenticate(deps: PeopleDeps, ctx: ActionContext, password: string, code: string) {
  const person = await me(ctx);
  await checkOwnPassword(deps, ctx, person, password, { password: 'Mật khẩu không đúng.' });
  const method = await trySecondFactor(deps, person, code, ctx.ip ?? 'unknown', { recoveryCodes: true });
  if (method === 'throttled' || method === 'unavailable') refuseWhenThrottled(method);
  if (method === 'used') throw new ValidationError({ code: CODE_USED });
  if (method === 'wrong') throw new ValidationError({ code: 'Mã xác thực hoặc mã khôi phục không đúng.' });
  await runUncachedAction(deps.sequelize, ctx, accountReauthenticated, { method: method as 'totp' | 'recovery' });
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
  const sessionsValidAfter = new Date();
  const { codes } = await runUncachedAction(deps.sequelize, ctx, accountTwoFactorEnrol(deps), {
    sealed,
    code,
    reauthenticatedAt,
    sessionsValidAfter,
  });
  return { codes, sessionsValidAfter };
}

export async function signOutEverywhere(deps: Pick<PeopleDeps, 'sequelize'>, ctx: ActionContext) {
  await runUncachedAction(deps.sequelize, ctx, accountSignOutEverywhere, undefined);
}
