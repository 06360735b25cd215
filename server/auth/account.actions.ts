// What a signed-in person does to their own account, as actions (server/actions/): a new password,
// a second factor set up or replaced, "sign out everywhere", and the confirmation of who they are
// before replacing their device. The password and code checks that come first (slow, counted
// against the sign-in limits) are people.service.ts's; these are the changes they allow.
import { defineAction, type ActorCtx } from '../actions/action';
import { ValidationError, forbidden } from '../core/errors';
import { Person } from './person.model';
import type { SecondFactorDeps } from './second-factor';
import { newRecoveryCodes, totpStep } from './totp';

/** How long a confirmation of who one is (password and code) allows replacing the second factor. */
export const REAUTH_MAX_MS = 5 * 60 * 1000;

const self = (who: ActorCtx) => (who.actor === null ? forbidden() : null);
const ownRow = (who: ActorCtx) => ({ id: who.actor!.id });

/**
 * The person's new password, already checked (current password, policy). Every other session
 * ends: a thief's session must not outlive the password it was opened with.
 */
export const accountPasswordChange = defineAction({
  name: 'account.changePassword',
  check: (who: ActorCtx, _input: { passwordHash: string; sessionsValidAfter: Date }) => self(who),
  async execute(who, input, tx) {
    await Person.update(
      { passwordHash: input.passwordHash, mustChangePassword: false, sessionsValidAfter: input.sessionsValidAfter },
      { where: ownRow(who), transaction: tx },
    );
  },
  audit: (who) => ({ action: 'account.changePassword', targetType: 'person', targetId: who.actor!.id }),
  invalidates: () => ({}),
});

export interface Enrolment {
  /** The new secret, sealed, as the enrolment page kept it. */
  sealed: string;
  /** The first code of the new secret. */
  code: string;
  /** When the person last confirmed their password and current code (replacing a device). */
  reauthenticatedAt?: number;
  /** From this time every other session of the person ends. */
  sessionsValidAfter: Date;
}

/**
 * A second factor set up, or replaced (which needs a recent confirmation of who one is: a
 * session left open must not let anyone move the codes to their own phone). Returns the recovery
 * codes, to show once.
 */
export const accountTwoFactorEnrol = (deps: Pick<SecondFactorDeps, 'secrets'>) =>
  defineAction({
    name: 'account.enableTwoFactor',
    async check(who: ActorCtx, input: Enrolment, tx) {
      if (who.actor === null) return forbidden();
      const me = await Person.findByPk(who.actor.id, { attributes: ['totpEnabledAt'], transaction: tx });
      const recent = !!input.reauthenticatedAt && Date.now() - input.reauthenticatedAt <= REAUTH_MAX_MS;
      return me?.totpEnabledAt && !recent
        ? forbidden('Hãy xác nhận mật khẩu và mã xác thực hiện tại trước khi đổi thiết bị.')
        : null;
    },
    async execute(who, input, tx) {
      const person = (await Person.findByPk(who.actor!.id, { transaction: tx, lock: true }))!;
      // The first code of a new secret: no earlier one of it can have been used, so its step is
      // recorded, not compared with the old secret's (a device changed in the minute of a sign-in).
      const step = totpStep(deps.secrets.open(input.sealed), person.email, input.code);
      if (step === null)
        throw new ValidationError({ code: 'Mã xác thực không đúng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng.' });
      const replacing = !!person.totpEnabledAt;
      const { codes, hashes } = newRecoveryCodes();
      await person.update(
        {
          totpSecret: input.sealed,
          totpEnabledAt: new Date(),
          totpLastStep: step,
          recoveryCodes: hashes,
          sessionsValidAfter: input.sessionsValidAfter,
        },
        { transaction: tx },
      );
      return { codes, replacing };
    },
    audit: (who, _input, r) => ({
      action: r.replacing ? 'account.replaceTwoFactor' : 'account.enableTwoFactor',
      targetType: 'person',
      targetId: who.actor!.id,
    }),
    invalidates: () => ({}),
  });

/** The person proved who they are (password and code), before replacing their second factor. */
export const accountReauthenticated = defineAction({
  name: 'account.reauthenticate',
  check: (who: ActorCtx, _input: { method: 'totp' | 'recovery' }) => self(who),
  execute: async () => undefined, // nothing changes but the audit log
  audit: (who, input) => ({
    action: 'account.reauthenticate',
    targetType: 'person',
    targetId: who.actor!.id,
    summary: { method: input.method },
  }),
  invalidates: () => ({}),
});

/** Every session of the person ends, this one included. */
export const accountSignOutEverywhere = defineAction({
  name: 'account.signOutEverywhere',
  check: (who: ActorCtx, _input: void) => self(who),
  async execute(who, _input, tx) {
    await Person.update({ sessionsValidAfter: new Date() }, { where: ownRow(who), transaction: tx });
  },
  audit: (who) => ({ action: 'account.signOutEverywhere', targetType: 'person', targetId: who.actor!.id }),
  invalidates: () => ({}),
});
