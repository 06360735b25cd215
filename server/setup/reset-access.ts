// Access given back from the server's shell (`npm run reset-password -- EMAIL`): for the demo's
// printed-once password, or a real system administrator who lost theirs when no other can reset
// it in the back office. Whoever runs it already holds the server, so it needs no sign-in; it is
// audited under its own name, ends the person's sessions, and the temporary password must be
// replaced at the next sign-in.
import type { Sequelize } from 'sequelize';
import { recordAudit } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { Person } from '../auth/person.model';
import { temporaryPassword } from '../auth/people.service';
import { SetupError } from './first-install';

export async function resetAccessFromShell(
  sequelize: Sequelize,
  email: string,
  opts: { resetTwoFactor?: boolean } = {},
): Promise<{ temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await sequelize.transaction(async (transaction) => {
    const person = await Person.findOne({ where: { email: email.trim().toLowerCase() }, transaction, lock: true });
    if (!person) throw new SetupError(`Không có người dùng ${email}`);
    await person.update(
      {
        passwordHash,
        mustChangePassword: true,
        sessionsValidAfter: new Date(),
        ...(opts.resetTwoFactor ? { totpSecret: null, totpEnabledAt: null, recoveryCodes: [] } : {}),
      },
      { transaction },
    );
    await recordAudit(
      { actor: null, ip: null, email: 'cong reset-password' },
      {
        action: opts.resetTwoFactor ? 'person.resetPasswordAndTwoFactor' : 'person.resetPassword',
        targetType: 'person',
        targetId: person.id,
      },
      transaction,
    );
  });
  return { temporaryPassword: password };
}
