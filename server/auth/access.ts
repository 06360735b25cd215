// Who is acting, with what roles. Loaded from the database on every request that needs it, so
// an expired or revoked grant stops working on the very next request.
import { Op } from 'sequelize';
import { Grant } from './grant.model';
import { Person } from './person.model';
import { roleNeedsSecondFactor } from './can.policy';
import type { Actor } from './actor';
import { isPlatformRole, type BoardPosition, type PlatformRole, type SiteRole } from './roles';

export type { Actor } from './actor';

export function activeGrantWhere(now = new Date()) {
  return { revokedAt: null, [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: now } }] };
}

export function actorFrom(person: Pick<Person, 'id' | 'email' | 'fullName'>, grants: readonly Grant[]): Actor {
  const platformRoles = new Set<PlatformRole>();
  const siteRoles = new Map<number, Set<SiteRole>>();
  let boardPosition: BoardPosition | null = null;
  for (const g of grants) {
    if (isPlatformRole(g.role)) {
      platformRoles.add(g.role);
      if (g.role === 'board') boardPosition = g.boardPosition;
    } else if (g.tenantId !== null) {
      const set = siteRoles.get(g.tenantId) ?? new Set<SiteRole>();
      set.add(g.role as SiteRole);
      siteRoles.set(g.tenantId, set);
    }
  }
  return { id: person.id, email: person.email, fullName: person.fullName, platformRoles, boardPosition, siteRoles };
}

/** The actor for a signed-in person, or null if the person is gone, locked or disabled. */
export async function loadActor(personId: number): Promise<{ actor: Actor; person: Person } | null> {
  const person = await Person.findByPk(personId);
  if (!person || person.status !== 'active') return null;
  const grants = await Grant.findAll({ where: { personId, ...activeGrantWhere() } });
  return { actor: actorFrom(person, grants), person };
}

/** Sites on which the actor holds any role. */
export const siteIdsOf = (actor: Actor) => [...actor.siteRoles.keys()];

/**
 * True when one of the actor's roles, anywhere, requires signing in with a second factor: any
 * role that may approve or publish on some site, or give that power (roleNeedsSecondFactor).
 */
export const requiresTwoFactor = (actor: Actor) =>
  [...actor.platformRoles, ...[...actor.siteRoles.values()].flatMap((roles) => [...roles])].some(roleNeedsSecondFactor);
