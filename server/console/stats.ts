// The console's front page figures: sites, people and grants across the platform, each shown
// only to those who may manage it.
import { Op } from 'sequelize';
import { activeGrantWhere, type Actor } from '../auth/access';
import { can } from '../auth/can.policy';
import { crossSite } from '../db/cross-site';

const EXPIRING_DAYS = 14;

/** The figures the actor may see, or null when they see none (not a reader of the site list). */
export async function consoleStats(actor: Actor) {
  if (!can(actor, 'sites.list')) return null;
  const db = crossSite('platform-console');
  const grants = can(actor, 'grants.manage');
  return {
    sites: await db.sites.count(),
    activeSites: await db.sites.count({ where: { status: 'active' } }),
    people: can(actor, 'people.list') ? await db.people.count() : null,
    grants: grants ? await db.grants.count({ where: activeGrantWhere() }) : null,
    expiringSoon: grants
      ? await db.grants.count({
          where: {
            revokedAt: null,
            expiresAt: { [Op.gt]: new Date(), [Op.lt]: new Date(Date.now() + EXPIRING_DAYS * 86400_000) },
          },
        })
      : null,
  };
}
