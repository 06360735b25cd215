// The policy as a table: every role × every action × own site / another site. The expected
// answers are written out here by hand, from the regulation, not derived from the policy code.
import { actorFrom } from '../../../server/auth/access';
import { can, PLATFORM_ACTIONS, SITE_ACTIONS, type Action } from '../../../server/auth/can.policy';
import type { Grant } from '../../../server/auth/grant.model';
import { ROLES, type Role } from '../../../server/auth/roles';

const OWN = 11;
const OTHER = 22;

const siteRole = (role: Role, own: string[]) => ({ role, own, other: [] as string[] });
/** For each role: platform actions allowed, and per-site actions allowed on its own site / on another. */
const EXPECTED: Record<Role | 'none', { platform: string[]; own: string[]; other: string[] }> = {
  sysadmin: {
    platform: [
      'console.enter',
      'sites.list',
      'sites.create',
      'sites.update',
      'sites.changeStatus',
      'people.list',
      'people.manage',
      'grants.manage',
      'grants.managePlatformAdmins',
      'audit.readAll',
      'rules.manage',
      'reports.readCentral',
      'incidents.manage',
    ],
    own: ['site.enter', 'site.settings.edit', 'site.people.read', 'site.audit.read', 'reports.readSite'],
    other: ['site.enter', 'site.settings.edit', 'site.people.read', 'site.audit.read', 'reports.readSite'],
  },
  operator: {
    platform: [
      'console.enter',
      'sites.list',
      'sites.create',
      'sites.update',
      'sites.changeStatus',
      'people.list',
      'people.manage',
      'grants.manage',
      'audit.readAll',
      'rules.manage',
      'reports.readCentral',
      'participation.route',
      'royalties.manage',
      'ads.manage',
    ],
    own: ['site.enter', 'site.settings.edit', 'site.people.read', 'site.audit.read', 'reports.readSite'],
    other: ['site.enter', 'site.settings.edit', 'site.people.read', 'site.audit.read', 'reports.readSite'],
  },
  board: {
    platform: ['console.enter', 'sites.list', 'reports.readCentral', 'participation.route', 'ads.manage'],
    own: [
      'site.enter',
      'content.read',
      'content.write',
      'content.submit',
      'content.moderate',
      'content.publish',
      'participation.moderate',
      'reports.readSite',
    ],
    other: [
      'site.enter',
      'content.read',
      'content.write',
      'content.submit',
      'content.moderate',
      'content.publish',
      'participation.moderate',
      'reports.readSite',
    ],
  },
  reporter: {
    platform: ['console.enter', 'sites.list', 'reports.readCentral'],
    own: ['reports.readSite'],
    other: ['reports.readSite'],
  },
  site_admin: {
    platform: [],
    ...siteRole('site_admin', [
      'site.enter',
      'site.settings.edit',
      'site.people.read',
      'site.audit.read',
      'content.read',
      'content.write',
      'content.submit',
      'reports.readSite',
    ]),
  },
  approver: {
    platform: [],
    ...siteRole('approver', [
      'site.enter',
      'content.read',
      'content.write',
      'content.submit',
      'content.moderate',
      'content.publish',
      'participation.moderate',
    ]),
  },
  editor: { platform: [], ...siteRole('editor', ['site.enter', 'content.read', 'content.write', 'content.submit']) },
  contributor: {
    platform: [],
    ...siteRole('contributor', ['site.enter', 'content.read', 'content.write', 'content.submit']),
  },
  viewer: { platform: [], ...siteRole('viewer', ['site.enter', 'content.read']) },
  none: { platform: [], own: [], other: [] },
};

const actorWith = (role: Role | 'none') => {
  const grants =
    role === 'none'
      ? []
      : [
          {
            role,
            tenantId: ['sysadmin', 'operator', 'board', 'reporter'].includes(role) ? null : OWN,
            boardPosition: role === 'board' ? 'member' : null,
          } as unknown as Grant,
        ];
  return actorFrom({ id: 1, email: 'a@b.vn', fullName: 'A' }, grants);
};

const cases: [Role | 'none', Action, 'platform' | 'own' | 'other', boolean][] = [];
for (const role of [...ROLES, 'none'] as const) {
  for (const action of PLATFORM_ACTIONS)
    cases.push([role, action, 'platform', EXPECTED[role].platform.includes(action)]);
  for (const action of SITE_ACTIONS) {
    cases.push([role, action, 'own', EXPECTED[role].own.includes(action)]);
    cases.push([role, action, 'other', EXPECTED[role].other.includes(action)]);
  }
}

describe('can(actor, action, scope)', () => {
  test.each(cases)('%s → %s on %s: %s', (role, action, where, allowed) => {
    const actor = actorWith(role);
    const scope = where === 'own' ? { tenantId: OWN } : where === 'other' ? { tenantId: OTHER } : {};
    expect(can(actor, action, scope)).toBe(allowed);
  });

  test('denies by default: nobody, unknown actions, and per-site actions without their site', () => {
    expect(can(null, 'console.enter')).toBe(false);
    expect(can(actorWith('sysadmin'), 'no.such.action' as Action)).toBe(false);
    expect(can(actorWith('site_admin'), 'site.enter')).toBe(false);
    expect(can(actorWith('operator'), 'site.settings.edit')).toBe(false);
  });

  test('roles on several sites hold on each of them only', () => {
    const actor = actorFrom({ id: 2, email: 'x@y.vn', fullName: 'X' }, [
      { role: 'editor', tenantId: 1, boardPosition: null },
      { role: 'approver', tenantId: 2, boardPosition: null },
    ] as unknown as Grant[]);
    expect(can(actor, 'content.write', { tenantId: 1 })).toBe(true);
    expect(can(actor, 'content.publish', { tenantId: 1 })).toBe(false);
    expect(can(actor, 'content.publish', { tenantId: 2 })).toBe(true);
    expect(can(actor, 'content.write', { tenantId: 3 })).toBe(false);
  });
});
