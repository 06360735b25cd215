// An item as its back-office page shows it: its working and live versions, the review steps taken,
// every revision, and the names of the people who took them. Read through the site's own tables.
import type { Site } from '../../tenants/tenant.types';
import { siteData } from '../db/site-data';
import type { Item } from './item.model';
import { namesOf } from './site-staff';

/** What an editor writes (CONTENT_FIELDS), as a revision or an item holds it: what a form is filled from. */
export type { ItemContent } from './item.model';

type ItemRefs = Pick<Item, 'id' | 'workingRevisionId' | 'liveRevisionId'>;

/** The version being edited (null when none) and the one the public sees (null before publication). */
export async function itemVersions(site: Site, item: ItemRefs) {
  const revisions = siteData(site).revisions;
  const [working, live] = await Promise.all([
    item.workingRevisionId ? revisions.findByPk(item.workingRevisionId) : null,
    item.liveRevisionId ? revisions.findByPk(item.liveRevisionId) : null,
  ]);
  return { working, live };
}

/** The version a page compares with or previews: the working one, else the live one (null: neither). */
export function currentRevision(site: Site, item: ItemRefs) {
  return siteData(site).revisions.findByPk(item.workingRevisionId ?? item.liveRevisionId ?? 0);
}

/** One revision of the item, or null (another item's revision is not this one's). */
export function revisionOfItem(site: Site, item: ItemRefs, revisionId: number) {
  return siteData(site).revisions.findOne({ where: { id: revisionId, itemId: item.id } });
}

/** The latest 100 review steps, every revision (newest first), and who took or wrote them. */
export async function itemHistory(site: Site, item: ItemRefs) {
  const data = siteData(site);
  const transitions = await data.transitions.findAll({
    where: { itemId: item.id },
    order: [
      ['at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: 100,
  });
  const revisions = await data.revisions.findAll({
    where: { itemId: item.id },
    attributes: ['id', 'number', 'title', 'createdBy', 'createdAt'],
    order: [['number', 'DESC']],
  });
  const names = await namesOf([...transitions.map((t) => t.actorId), ...revisions.map((r) => r.createdBy)]);
  return { transitions, revisions, names };
}
