// The one authorisation policy. Every route and every service asks `can(actor, action, scope)`.
// It denies by default: an action not listed here, or a per-site action without the site, is
// refused. Per-site actions always check the role on *that* site.
import type { Actor } from './actor';
import type { PlatformRole, Role, SiteRole } from './roles';

/** Actions on the platform as a whole. */
export type PlatformAction =
  | 'console.enter'
  | 'sites.list'
  | 'sites.create'
  | 'sites.update'
  | 'sites.changeStatus'
  | 'people.list'
  | 'people.manage'
  | 'grants.manage'
  | 'grants.managePlatformAdmins'
  | 'audit.readAll'
  | 'rules.manage'
  | 'reports.readCentral'
  | 'participation.route'
  | 'royalties.manage'
  | 'incidents.manage'
  | 'ads.manage';

/** Actions inside one site. */
export type SiteAction =
  | 'site.enter'
  | 'site.settings.edit'
  | 'site.people.read'
  | 'site.audit.read'
  | 'content.read'
  | 'content.write'
  | 'content.submit'
  | 'content.moderate'
  | 'content.publish'
  | 'participation.moderate'
  | 'reports.readSite';

export type Action = PlatformAction | SiteAction;

const PLATFORM: Record<PlatformAction, readonly PlatformRole[]> = {
  'console.enter': ['sysadmin', 'operator', 'board', 'reporter'],
  'sites.list': ['sysadmin', 'operator', 'board', 'reporter'],
  'sites.create': ['sysadmin', 'operator'],
  'sites.update': ['sysadmin', 'operator'],
  'sites.changeStatus': ['sysadmin', 'operator'],
  'people.list': ['sysadmin', 'operator'],
  'people.manage': ['sysadmin', 'operator'],
  'grants.manage': ['sysadmin', 'operator'],
  // Only a system administrator makes another system administrator.
  'grants.managePlatformAdmins': ['sysadmin'],
  'audit.readAll': ['sysadmin', 'operator'],
  // Deadline classes and the working-day calendar: data with validity dates, never constants.
  'rules.manage': ['sysadmin', 'operator'],
  'reports.readCentral': ['sysadmin', 'operator', 'board', 'reporter'],
  // Questions sent to the portal go to the site responsible for them (Art 4.15).
  'participation.route': ['operator', 'board'],
  // The Trung tâm pays royalties (Art 17.4): it keeps the rate table and records payments.
  'royalties.manage': ['operator'],
  // Sở KH&CN's system administrators run the infrastructure (Art 16.3, 17.9).
  'incidents.manage': ['sysadmin'],
  // Advertising is the Board's decision (Art 9); the Trung tâm's operators place it.
  'ads.manage': ['board', 'operator'],
};

/** Per-site actions: which site roles allow them, and which platform roles allow them everywhere. */
const SITE: Record<SiteAction, { site: readonly SiteRole[]; platform: readonly PlatformRole[] }> = {
  'site.enter': {
    site: ['site_admin', 'approver', 'editor', 'contributor', 'viewer'],
    platform: ['sysadmin', 'operator', 'board'],
  },
  'site.settings.edit': { site: ['site_admin'], platform: ['sysadmin', 'operator'] },
  'site.people.read': { site: ['site_admin'], platform: ['sysadmin', 'operator'] },
  'site.audit.read': { site: ['site_admin'], platform: ['sysadmin', 'operator'] },
  'content.read': { site: ['site_admin', 'approver', 'editor', 'contributor', 'viewer'], platform: ['board'] },
  'content.write': { site: ['site_admin', 'approver', 'editor', 'contributor'], platform: ['board'] },
  'content.submit': { site: ['site_admin', 'approver', 'editor', 'contributor'], platform: ['board'] },
  // The Editorial Board moderates every site's items (Art 11.3); a site's approver its own.
  'content.moderate': { site: ['approver'], platform: ['board'] },
  'content.publish': { site: ['approver'], platform: ['board'] },
  // Citizens' questions, feedback and comments: read with contact details, answered, published.
  'participation.moderate': { site: ['approver'], platform: ['board'] },
  // A site's own report; the central readers see every site's.
  'reports.readSite': { site: ['site_admin'], platform: ['sysadmin', 'operator', 'board', 'reporter'] },
};

export const PLATFORM_ACTIONS = Object.keys(PLATFORM) as PlatformAction[];
export const SITE_ACTIONS = Object.keys(SITE) as SiteAction[];

const isSiteAction = (a: Action): a is SiteAction => a in SITE;

export function can(actor: Actor | null | undefined, action: Action, scope: { tenantId?: number } = {}): boolean {
  if (!actor) return false;
  if (isSiteAction(action)) {
    const rule = SITE[action];
    if (scope.tenantId === undefined) return false; // never a per-site action without its site
    if (rule.platform.some((r) => actor.platformRoles.has(r))) return true;
    const roles = actor.siteRoles.get(scope.tenantId);
    return !!roles && rule.site.some((r) => roles.has(r));
  }
  const allowed = PLATFORM[action as PlatformAction];
  return !!allowed && allowed.some((r) => actor.platformRoles.has(r));
}

/**
 * Whether the actor may give (or take back) a role: operators and system administrators, and
 * only a system administrator for `sysadmin`. The one rule for grants, and for who may act on
 * the account of a person holding roles (`mayActOnHolderOf`).
 */
export function mayGrantRole(actor: Actor | null | undefined, role: Role): boolean {
  return can(actor, 'grants.manage') && (role !== 'sysadmin' || can(actor, 'grants.managePlatformAdmins'));
}

/**
 * Whether the actor may act on the account (details, status, password, second factor) of a
 * person holding these roles: only a manager of people who could grant every one of them, so
 * that nobody takes over an account more powerful than their own.
 */
export function mayActOnHolderOf(actor: Actor | null | undefined, roles: Iterable<Role>): boolean {
  return can(actor, 'people.manage') && [...roles].every((r) => mayGrantRole(actor, r));
}

/**
 * Actions that put something before the public, or hand out (or take over) the power to: whoever
 * may do any of them, on any site, signs in with a second factor (Art 13.2, security level 3),
 * so that one stolen password cannot publish. The roles follow from the tables above: a role
 * that gains such an action needs the second factor with no other change.
 */
export const SECOND_FACTOR_ACTIONS: readonly Action[] = [
  'content.publish',
  'content.moderate',
  'participation.moderate', // publishes citizens' questions and the answers
  'site.settings.edit', // a site's menus, categories and settings, public at once
  'sites.update',
  'ads.manage',
  'grants.manage', // may make anyone an approver
  'people.manage', // may reset others' credentials
];

/** The roles that allow an action: platform roles, and for a per-site action the site roles. */
export function rolesAllowing(action: Action): Role[] {
  if (isSiteAction(action)) return [...SITE[action].site, ...SITE[action].platform];
  return [...PLATFORM[action as PlatformAction]];
}

const SECOND_FACTOR_ROLES: ReadonlySet<Role> = new Set(SECOND_FACTOR_ACTIONS.flatMap(rolesAllowing));

/** Whether holding this role (anywhere) requires signing in with a second factor. */
export const roleNeedsSecondFactor = (role: Role): boolean => SECOND_FACTOR_ROLES.has(role);
