// Access given back from the server's shell (`npm run reset-password -- EMAIL`): for the demo's
// printed-once password, or a real system administrator who lost theirs when no other can reset
// it in the back office. Whoever runs it already holds the server, so it needs no sign-in: it
// runs the back office's own reset as the platform, audited under its own name; the person's
// sessions end, and the temporary password must be replaced at the next sign-in.
import { runUncachedAction } from '../actions/run-action';
import { hashPassword } from '../auth/password';
import { temporaryPassword, type PeopleDeps } from '../auth/people.service';
import { personPasswordReset } from '../auth/people.actions';
import { Person } from '../auth/person.model';
import { SetupError } from './first-install';

const SHELL = { actor: null, ip: null, email: 'cong reset-password' };

export async function resetAccessFromShell(
  deps: PeopleDeps,
  email: string,
  opts: { resetTwoFactor?: boolean } = {},
): Promise<{ temporaryPassword: string }> {
  const person = await Person.findOne({ where: { email: email.trim().toLowerCase() }, attributes: ['id'] });
  if (!person) throw new SetupError(`Không có người dùng ${email}`);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await runUncachedAction(deps.sequelize, SHELL, personPasswordReset(deps), {
    personId: person.id,
    passwordHash,
    twoFactor: opts.resetTwoFactor,
  });
  return { temporaryPassword: password };
}
