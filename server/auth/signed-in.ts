// Who is signed in on a request: for the back office, and for the public routes that show staff
// more than visitors (the files of items not yet published). Checked against the database on
// every request: a locked person, a password reset, "sign out everywhere" or the absolute timeout
// ends the session at once.
import type { Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import type { Cache } from '../cache/cache';
import { isAnonymous } from '../core/session-cookie';
import { loadActor, requiresTwoFactor, type Actor } from './access';
import type { Person } from './person.model';
import { ABSOLUTE_TIMEOUT_MS, sessionMiddleware } from './session';

// The session keeps the person's id only; the actor is loaded afresh on each request.
passport.serializeUser((user, done) => done(null, (user as { id: number }).id));
passport.deserializeUser((id: number, done) => done(null, { id }));

/**
 * The person of a request whose session has been read: null when nobody is signed in,
 * 'expired' when the session must end (the caller destroys it).
 */
export async function sessionPerson(req: Request): Promise<{ actor: Actor; person: Person } | 'expired' | null> {
  const id = (req.user as { id?: number } | undefined)?.id;
  if (!id) return null;
  const loaded = await loadActor(id);
  const signedInAt = req.session.signedInAt ?? 0;
  const validSince = Math.max(signedInAt, req.session.renewedAt ?? 0);
  const expired =
    !loaded || Date.now() - signedInAt > ABSOLUTE_TIMEOUT_MS || loaded.person.sessionsValidAfter.getTime() > validSince;
  return expired ? 'expired' : loaded;
}

/** The signed-in person as the back office reads them (its pages never change the row). */
export type SignedInPerson = Readonly<
  Pick<
    Person,
    | 'id'
    | 'email'
    | 'fullName'
    | 'unit'
    | 'phone'
    | 'mustChangePassword'
    | 'totpEnabledAt'
    | 'recoveryCodes'
    | 'lastSignInAt'
  >
>;

export type SignedIn = (req: Request, res: Response) => Promise<Actor | null>;

/**
 * Reads the session on demand, for a public route that needs to know who asks; requests without
 * a session cookie (every anonymous visitor) cost nothing. An expired session, or one that the
 * back office would send to its account page first, counts as nobody.
 */
export function sessionReader(cache: Cache, secret: string): SignedIn {
  const chain: RequestHandler[] = [sessionMiddleware(cache, secret), passport.initialize(), passport.session()];
  const run = (handler: RequestHandler, req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => {
      void handler(req, res, (err?: unknown) => (err ? reject(err as Error) : resolve()));
    });
  return async (req, res) => {
    if (isAnonymous(req)) return null;
    for (const handler of chain) await run(handler, req, res);
    const who = await sessionPerson(req);
    if (!who || who === 'expired') return null;
    // As the back office's gate: a temporary password or a second factor still to set up comes first.
    const pending = who.person.mustChangePassword || (requiresTwoFactor(who.actor) && !who.person.totpEnabledAt);
    return pending ? null : who.actor;
  };
}
