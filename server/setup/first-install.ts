// The first step of a real installation (`npm run setup`): the provincial portal on
// PRIMARY_DOMAIN with the province's blueprint, a system administrator and an operator, each with
// the password they chose. No second factor is set here: both must enrol one at their first
// sign-in, on their own phone (the back office sends them there before anything else). Runs once:
// a database that already has people is left alone. Each change is the back office's own action
// (a site created, a person created, a role given), run as the platform: no one is signed in yet.
import type { Sequelize } from 'sequelize';
import type { ActorCtx } from '../actions/action';
import { runActionIn } from '../actions/run-action';
import { grantGive } from '../auth/grants.actions';
import { hashPassword, passwordProblem } from '../auth/password';
import { personCreate } from '../auth/people.actions';
import { Person } from '../auth/person.model';
import type { PlatformRole } from '../auth/roles';
import { rulesOf, type ProvisioningDeps, type SiteInput } from '../../tenants/provisioning';
import { runSiteAction, siteCreate } from '../../tenants/site.actions';
import { Tenant } from '../../tenants/tenant.model';

export interface FirstPerson {
  email: string;
  fullName: string;
  password: string;
}

export interface FirstInstallInput {
  domain: string;
  sysadmin: FirstPerson;
  operator: FirstPerson;
}

export class SetupError extends Error {}

/** Who the audit log names for what `npm run setup` does: no one is signed in yet. */
const SETUP: ActorCtx = { actor: null, ip: null, email: 'cong setup' };

/** The provincial portal as a real installation starts it; its operators complete the contacts. */
export function portalSiteInput(domain: string): SiteInput {
  return {
    slug: 'tuyenquang',
    nameVi: 'Cổng thông tin điện tử tỉnh Tuyên Quang',
    nameEn: 'Tuyen Quang Provincial Portal',
    kind: 'province',
    theme: 'tinh',
    languages: ['vi', 'en'],
    primaryHost: null,
    aliases: [`www.${domain}`],
    contact: {
      agencyName: 'Ủy ban nhân dân tỉnh Tuyên Quang',
      responsiblePerson: 'Trưởng Ban Biên tập',
    },
  };
}

function checkPerson(p: FirstPerson, label: string) {
  const email = p.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new SetupError(`${label}: e-mail không hợp lệ (${p.email})`);
  const fullName = p.fullName.normalize('NFC').trim();
  if (!fullName) throw new SetupError(`${label}: cần họ và tên`);
  const problem = passwordProblem(p.password, email);
  if (problem) throw new SetupError(`${label}: ${problem}`);
  return { email, fullName, password: p.password };
}

export const ALREADY_INSTALLED = 'Hệ thống đã có người dùng: việc cài đặt lần đầu đã làm rồi.';

export async function alreadyInstalled(): Promise<boolean> {
  return (await Person.count()) > 0;
}

export async function firstInstall(deps: ProvisioningDeps & { sequelize: Sequelize }, input: FirstInstallInput) {
  const admin = checkPerson(input.sysadmin, 'Quản trị hệ thống');
  const operator = checkPerson(input.operator, 'Vận hành viên');
  if (admin.email === operator.email)
    throw new SetupError('Quản trị hệ thống và vận hành viên cần hai e-mail khác nhau');
  if (await alreadyInstalled()) throw new SetupError(ALREADY_INSTALLED);

  let portal = await Tenant.findOne({ where: { kind: 'province' } });
  const portalCreated = !portal;
  if (!portal) {
    const created = siteCreate(rulesOf(deps));
    portal = (await runSiteAction(deps, SETUP, created, { site: portalSiteInput(input.domain) })).site;
  }

  const hashes = await Promise.all([hashPassword(admin.password), hashPassword(operator.password)]);
  const people: [typeof admin, PlatformRole, string][] = [
    [admin, 'sysadmin', hashes[0]],
    [operator, 'operator', hashes[1]],
  ];
  await deps.sequelize.transaction(async (transaction) => {
    // Checked again under a lock: two setups run at once create one set of people.
    await deps.sequelize.query('SELECT pg_advisory_xact_lock(7130421002)', { transaction });
    if (await Person.count({ transaction })) throw new SetupError(ALREADY_INSTALLED);
    // People and roles make no cached page stale: nothing to invalidate after the commit.
    for (const [p, role, passwordHash] of people) {
      const details = {
        email: p.email,
        fullName: p.fullName,
        unit: role === 'operator' ? 'Trung tâm Thông tin và Hội nghị' : undefined,
      };
      // The password each of them chose: no change is asked at the first sign-in.
      const { person } = (
        await runActionIn(transaction, SETUP, personCreate, { details, passwordHash, ownPassword: true })
      ).result;
      await runActionIn(transaction, SETUP, grantGive, { personId: person.id, tenantId: null, role });
    }
  });
  return {
    portal: { id: portal.id, slug: portal.slug, created: portalCreated },
    emails: [admin.email, operator.email],
  };
}
