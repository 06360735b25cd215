// The items screen: a site's items, filtered by words, kind, state, category, author or lateness.
import type { Router } from 'express';
import { can } from '../../server/auth/can.policy';
import { categoryTree } from '../../server/content/categories.service';
import { STATE_LABELS } from '../../server/content/content.service';
import { itemsPage, type ItemFilters } from '../../server/content/item-lists';
import { KINDS, kindOf } from '../../server/content/kinds';
import { locals, pageOf, pager, renderAdmin, siteOf, str, type AdminDeps } from '../admin-context';
import { itemsBase, mustRead, timeLeft } from './items-common';

const PER_PAGE = 25;

export function itemListRoutes(router: Router, deps: AdminDeps) {
  router.get('/tin-bai', async (req, res) => {
    mustRead(res);
    const site = siteOf(res);
    const f: ItemFilters = {
      q: str(req.query.q),
      kind: str(req.query.kind),
      state: str(req.query.state),
      category: str(req.query.category),
      author: str(req.query.author),
      overdue: str(req.query.overdue),
    };
    const page = pageOf(req.query.page);
    const { rows, count } = await itemsPage(site.id, f, page, PER_PAGE);
    renderAdmin(req, res, deps, 'items', {
      title: 'Tin bài',
      items: rows.map((i) => ({
        id: i.id,
        title: i.title,
        kindLabel: kindOf(i.kind)?.label ?? i.kind,
        author: i.author,
        updatedAt: i.updatedAt,
        publication: STATE_LABELS[i.publication],
        review: i.reviewState === 'none' ? '' : STATE_LABELS[i.reviewState],
        emergency: i.emergency,
        due: i.dueAt,
        left: i.publishedAt ? (i.publishedLate ? 'Đăng trễ hạn' : i.dueAt ? 'Đăng đúng hạn' : '') : timeLeft(i.dueAt),
        late: i.publishedLate || (!i.publishedAt && !!i.dueAt && i.dueAt.getTime() < Date.now()),
      })),
      filters: f,
      kinds: KINDS.map((k) => ({ value: k.code, label: k.label })),
      categories: (await categoryTree(site.id)).map(({ c, depth }) => ({
        id: String(c.id),
        name: `${'— '.repeat(depth)}${c.nameVi}`,
      })),
      states: Object.entries(STATE_LABELS)
        .filter(([k]) => k !== 'none')
        .map(([value, label]) => ({ value, label })),
      canWrite: can(locals(res).actor, 'content.write', { tenantId: site.id }),
      pager: pager(count, page, PER_PAGE, itemsBase(res), f),
    });
  });
}
