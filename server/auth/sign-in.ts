// What the sign-in pages read and record: the person behind an e-mail and password, the person
// between their password and their code, and the events of signing in and out. Each event is an
// action run by the one runner, so its audit entry is written where every other one is.
import { defineAction, type ActorCtx } from '../actions/action';
import { actorFrom } from './access';
import { dummyPasswordHash, verifyPassword } from './password';
import { Person } from './person.model';

/** A person as the sign-in pages see them. */
export type SignInPerson = Pick<Person, 'id' | 'email' | 'fullName' | 'status' | 'totpEnabledAt'>;

/** How long the second step may follow the password. */
const PENDING_MAX_MS = 5 * 60 * 1000;

/**
 * The person with this e-mail and password, or null. A wrong e-mail costs the same time as a
 * wrong password, so addresses cannot be probed by timing.
 */
export async function personByPassword(email: string, password: string) {
  const person = await Person.findOne({ where: { email } });
  const ok = await verifyPassword(person?.passwordHash ?? (await dummyPasswordHash()), password);
  return person && ok ? person : null;
}

/**
 * The person between password and code: within five minutes of the password, and only if no
 * password reset or "sign out everywhere" came after it.
 */
export async function pendingPerson(id: number | undefined, since: number) {
  if (!id || Date.now() - since > PENDING_MAX_MS) return null;
  const person = await Person.findByPk(id);
  return person && person.sessionsValidAfter.getTime() <= since ? person : null;
}

/** The person who signs in acts in the audit log; their roles are loaded with their next request. */
export const asPerson = (person: Pick<Person, 'id' | 'email' | 'fullName'>, ip: string | null): ActorCtx => ({
  actor: actorFrom(person, []),
  ip,
});

/** Signed in (by password, password and code, or the hand-over from the portal). */
export const signedIn = defineAction({
  name: 'auth.signIn',
  // Run only once the password (and code, or hand-over token) has been checked.
  check: (_who: ActorCtx, _input: { personId: number; siteId: number; method: string }) => null,
  async execute(_who, input, tx) {
    await Person.update({ lastSignInAt: new Date() }, { where: { id: input.personId }, transaction: tx });
  },
  audit: (_who, input) => ({
    action: 'auth.signIn',
    tenantId: input.siteId,
    targetType: 'person',
    targetId: input.personId,
    summary: { method: input.method },
  }),
  invalidates: () => ({}),
});

export type SignInRefusal =
  | { kind: 'blocked'; reason: string }
  | { kind: 'failure'; email: string }
  | { kind: 'refused'; personId: number; status: string };

/** A sign-in refused: past the limits, a wrong e-mail or password, or an account not active. */
export const signInRefused = defineAction({
  name: 'auth.signIn.refused',
  check: (_who: ActorCtx, _input: { siteId: number; refusal: SignInRefusal }) => null,
  execute: async () => undefined, // nothing changes but the audit log
  audit: (_who, { siteId, refusal: r }) =>
    r.kind === 'blocked'
      ? { action: 'auth.signIn.blocked', tenantId: siteId, summary: { reason: r.reason } }
      : r.kind === 'failure'
        ? { action: 'auth.signIn.failure', tenantId: siteId, summary: { email: r.email } }
        : {
            action: 'auth.signIn.refused',
            tenantId: siteId,
            targetType: 'person',
            targetId: r.personId,
            summary: { status: r.status },
          },
  invalidates: () => ({}),
});

/** A wrong second-factor code at sign-in. */
export const secondFactorFailed = defineAction({
  name: 'auth.secondFactor.failure',
  check: (_who: ActorCtx, _input: { personId: number; siteId: number }) => null,
  execute: async () => undefined,
  audit: (_who, input) => ({
    action: 'auth.secondFactor.failure',
    tenantId: input.siteId,
    targetType: 'person',
    targetId: input.personId,
  }),
  invalidates: () => ({}),
});

export const signedOut = defineAction({
  name: 'auth.signOut',
  check: (_who: ActorCtx, _input: { personId: number; siteId: number }) => null,
  execute: async () => undefined,
  audit: (_who, input) => ({
    action: 'auth.signOut',
    tenantId: input.siteId,
    targetType: 'person',
    targetId: input.personId,
  }),
  invalidates: () => ({}),
});

/** A hand-over token opened in a browser that did not ask for it: nobody is signed in by it. */
export const handOverRefused = defineAction({
  name: 'auth.sso.refused',
  check: (_who: ActorCtx, _input: { personId: number; siteId: number; reason: string }) => null,
  execute: async () => undefined,
  audit: (_who, input) => ({
    action: 'auth.sso.refused',
    tenantId: input.siteId,
    targetType: 'person',
    targetId: input.personId,
    summary: { reason: input.reason },
  }),
  invalidates: () => ({}),
});
