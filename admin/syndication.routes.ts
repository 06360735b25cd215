// Sharing items between sites: offer (or, for operators, push) a published item; accept or
// decline what other sites offer.
import { Router } from 'express';
import { can } from '../server/auth/can.policy';
import { loadItem } from '../server/content/load-item';
import { decideOffer, offerItem, offerStates, sharedWith } from '../server/content/syndication.service';
import { actionContext, tryAction, idOf, locals, renderAdmin, siteOf, type AdminDeps } from './admin-context';
import { KIND_LABELS } from './sites.routes';
import { forbidden } from '../server/core/errors';

export function syndicationRoutes(deps: AdminDeps): Router {
  const router = Router();

  router.get('/tin-bai/:id/chia-se', async (req, res) => {
    const site = siteOf(res);
    if (!can(locals(res).actor, 'content.read', { tenantId: site.id })) throw forbidden();
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const existing = await offerStates(site, item.id);
    const sites = deps.registry
      .all()
      .filter((s) => s.id !== site.id && s.status === 'active')
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.nameVi.localeCompare(b.nameVi, 'vi'))
      .map((s) => ({ id: s.id, name: s.nameVi, kind: KIND_LABELS[s.kind], state: existing.get(s.id) }));
    renderAdmin(req, res, deps, 'share', {
      title: `Chia sẻ: ${item.title}`,
      itemId: item.id,
      published: item.publication === 'published',
      sites,
      canOffer: can(locals(res).actor, 'content.publish', { tenantId: site.id }),
      canPush: can(locals(res).actor, 'sites.update'),
    });
  });

  router.post('/tin-bai/:id/chia-se', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    const targets = ([] as unknown[])
      .concat(req.body.targetIds ?? [])
      .map(idOf)
      .filter((n): n is number => n !== null);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/tin-bai/${id}/chia-se`,
      () => offerItem(deps, actionContext(req, res), siteOf(res), id, targets, req.body.mandatory === 'on'),
      req.body.mandatory === 'on'
        ? 'Đã đặt tin bắt buộc đăng lại trên các trang đã chọn.'
        : 'Đã gửi đề nghị đăng lại tới các trang đã chọn.',
    );
  });

  router.get('/chia-se', async (req, res) => {
    const site = siteOf(res);
    if (!can(locals(res).actor, 'content.read', { tenantId: site.id })) throw forbidden();
    const entries = await sharedWith(deps.sequelize, site.id, { acceptedOnly: false, limit: 200 });
    renderAdmin(req, res, deps, 'shared-with-me', {
      title: 'Tin các trang khác chia sẻ',
      entries: entries.map((e) => ({
        ...e,
        from: deps.registry.get(e.sourceTenantId)?.nameVi ?? '',
        offered: e.status === 'offered',
        accepted: e.status === 'accepted',
      })),
      canDecide: can(locals(res).actor, 'content.publish', { tenantId: site.id }),
    });
  });

  for (const [seg, accept] of [
    ['nhan', true],
    ['tu-choi', false],
  ] as const) {
    router.post(`/chia-se/:id/${seg}`, async (req, res) => {
      await tryAction(
        req,
        res,
        `${locals(res).adminBase}/chia-se`,
        () => decideOffer(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0, accept),
        accept ? 'Đã nhận đăng lại.' : 'Đã từ chối.',
      );
    });
  }
  return router;
}
