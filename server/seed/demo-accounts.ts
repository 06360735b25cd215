// Demo accounts, one per role: an operator, a system administrator, a Board member, a reporter,
// and an approver, an editor and a contributor on two sites (plus a site administrator). Their
// password is DEMO_PASSWORD, or one made at random and printed once. Roles that must use two
// factors get a demo TOTP secret, printed with the password, so the demo can be tried at once.
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { Grant, systemGrant } from '../auth/grant.model';
import { hashPassword, passwordProblem } from '../auth/password';
import { Person } from '../auth/person.model';
import type { BoardPosition, Role } from '../auth/roles';
import { roleNeedsSecondFactor } from '../auth/can.policy';
import type { SecretBox } from '../auth/secret-box';
import { newRecoveryCodes } from '../auth/totp';
import { Tenant } from '../../tenants/tenant.model';

/** A fixed, documented secret for the demo accounts only (README: "Demo accounts"). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

interface DemoAccount {
  local: string;
  fullName: string;
  unit: string;
  grants: { role: Role; site?: string; boardPosition?: BoardPosition }[];
}

const ACCOUNTS: DemoAccount[] = [
  {
    local: 'vanhanh',
    fullName: 'Nguyễn Văn Vận',
    unit: 'Trung tâm Thông tin và Hội nghị',
    grants: [{ role: 'operator' }],
  },
  { local: 'quantri', fullName: 'Trần Thị Quản', unit: 'Sở Khoa học và Công nghệ', grants: [{ role: 'sysadmin' }] },
  {
    local: 'truongban',
    fullName: 'Lê Văn Biên',
    unit: 'Ban Biên tập',
    grants: [{ role: 'board', boardPosition: 'head' }],
  },
  { local: 'baocao', fullName: 'Phạm Thị Báo', unit: 'Văn phòng UBND tỉnh', grants: [{ role: 'reporter' }] },
  {
    local: 'quantri.stc',
    fullName: 'Hoàng Văn Trị',
    unit: 'Sở Tài chính',
    grants: [{ role: 'site_admin', site: 'stc' }],
  },
  { local: 'duyet.stc', fullName: 'Vũ Thị Duyệt', unit: 'Sở Tài chính', grants: [{ role: 'approver', site: 'stc' }] },
  { local: 'bientap.stc', fullName: 'Đặng Văn Tập', unit: 'Sở Tài chính', grants: [{ role: 'editor', site: 'stc' }] },
  { local: 'ctv.stc', fullName: 'Bùi Thị Cộng', unit: 'Sở Tài chính', grants: [{ role: 'contributor', site: 'stc' }] },
  {
    local: 'duyet.minhxuan',
    fullName: 'Đỗ Văn Xét',
    unit: 'UBND phường Minh Xuân',
    grants: [{ role: 'approver', site: 'minhxuan' }],
  },
  {
    local: 'bientap.minhxuan',
    fullName: 'Ngô Thị Viết',
    unit: 'UBND phường Minh Xuân',
    grants: [{ role: 'editor', site: 'minhxuan' }],
  },
  {
    local: 'ctv.minhxuan',
    fullName: 'Dương Văn Góp',
    unit: 'UBND phường Minh Xuân',
    grants: [{ role: 'contributor', site: 'minhxuan' }],
  },
];

export async function seedDemoAccounts(deps: {
  sequelize: Sequelize;
  secrets: SecretBox;
  domain: string;
  demoPassword: string | undefined;
  /** DEMO_TOTP_SECRET on local domains; a fresh secret anywhere else. */
  totpSecret: string;
}) {
  if (await Person.count()) return null; // accounts exist: never touch them
  const password = deps.demoPassword || `Cong-${crypto.randomBytes(6).toString('base64url')}`;
  const problem = ACCOUNTS.map((a) => passwordProblem(password, `${a.local}@${deps.domain}`)).find(Boolean);
  if (problem) throw new Error(`DEMO_PASSWORD: ${problem}`);
  const passwordHash = await hashPassword(password);
  const sealed = deps.secrets.seal(deps.totpSecret);
  const sites = new Map((await Tenant.findAll({ attributes: ['id', 'slug'] })).map((t) => [t.slug, t.id]));
  const emails: string[] = [];
  await deps.sequelize.transaction(async (transaction) => {
    for (const a of ACCOUNTS) {
      const needs2fa = a.grants.some((g) => roleNeedsSecondFactor(g.role));
      const email = `${a.local}@${deps.domain}`;
      const person = await Person.create(
        {
          email,
          fullName: a.fullName,
          unit: a.unit,
          phone: null,
          passwordHash,
          mustChangePassword: false,
          totpSecret: needs2fa ? sealed : null,
          totpEnabledAt: needs2fa ? new Date() : null,
          recoveryCodes: needs2fa ? newRecoveryCodes().hashes : [],
          lastSignInAt: null,
        },
        { transaction },
      );
      for (const g of a.grants) {
        const tenantId = g.site ? sites.get(g.site) : null;
        if (tenantId === undefined) continue;
        await Grant.create(systemGrant(person.id, g.role, tenantId, g.boardPosition ?? null), { transaction });
      }
      emails.push(email + (needs2fa ? ' (2FA)' : ''));
    }
  });
  return { password, generated: !deps.demoPassword, emails, totpSecret: deps.totpSecret };
}
