// "Awaiting my review": the items submitted on every site the person moderates, most urgent first.
import type { Router } from 'express';
import { reviewQueue } from '../../server/content/content.service';
import { kindOf } from '../../server/content/kinds';
import { adminUrlOf, locals, renderAdmin, type AdminDeps } from '../admin-context';
import { timeLeft } from './items-common';

export function reviewQueueRoutes(router: Router, deps: AdminDeps) {
  router.get('/cho-duyet', async (req, res) => {
    const items = await reviewQueue(locals(res).actor!);
    renderAdmin(req, res, deps, 'review-queue', {
      title: 'Chờ tôi duyệt',
      items: items.map((i) => {
        const s = deps.registry.get(i.tenantId)!;
        return {
          title: i.title,
          siteName: s.nameVi,
          kindLabel: kindOf(i.kind)?.label,
          emergency: i.emergency,
          dueAt: i.dueAt,
          left: timeLeft(i.dueAt),
          late: !!i.dueAt && i.dueAt.getTime() < Date.now(),
          submittedAt: i.submittedAt,
          url: `${adminUrlOf(deps, req, s)}/tin-bai/${i.id}`,
        };
      }),
    });
  });
}
