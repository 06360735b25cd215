// An item's versions: one revision compared word by word with the current one, restoring it as
// a new draft, and a preview of the current version as the public would see it.
import type { Router } from 'express';
import { can } from '../../server/auth/can.policy';
import { loadItem, restoreRevision } from '../../server/content/content.service';
import { currentRevision, revisionOfItem, type ItemContent } from '../../server/content/item-history';
import { kindOf } from '../../server/content/kinds';
import { notFound } from '../../server/core/errors';
import { itemPageView } from '../../server/site/item-view';
import { itemMedia } from '../../server/site/media-view';
import { actionContext, idOf, locals, renderAdmin, siteOf, tryAction, type AdminDeps } from '../admin-context';
import { itemsBase, mustRead } from './items-common';

/** A version's fields as the comparison labels them (the body as text). */
const fieldsOf = (r: ItemContent | null): Record<string, string> => ({
  'Tiêu đề': r?.title ?? '',
  'Tóm tắt': r?.summary ?? '',
  'Nội dung': (r?.body ?? '').replace(/<[^>]+>/g, ' '),
  'Tác giả': r?.author ?? '',
  Nguồn: r?.source ?? '',
  ...Object.fromEntries(Object.entries(r?.data ?? {}).map(([k, v]) => [k, String(v)])),
});

export function itemRevisionRoutes(router: Router, deps: AdminDeps) {
  router.get('/tin-bai/:id/phien-ban/:rev', async (req, res) => {
    mustRead(res);
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const rev = await revisionOfItem(site, item, idOf(req.params.rev) ?? 0);
    if (!rev) throw notFound('Không tìm thấy phiên bản');
    const against = await currentRevision(site, item);
    const a = fieldsOf(rev);
    const b = fieldsOf(against);
    const { diffWords } = await import('diff'); // comparing revisions is rare: not loaded at start
    const diffs = [...new Set([...Object.keys(a), ...Object.keys(b)])].map((label) => ({
      label,
      parts: diffWords(a[label] ?? '', b[label] ?? '').map((p) => ({
        text: p.value,
        added: p.added,
        removed: p.removed,
      })),
      changed: a[label] !== b[label],
    }));
    renderAdmin(req, res, deps, 'item-revision', {
      title: `Phiên bản ${rev.number}: ${rev.title}`,
      itemId: item.id,
      rev: rev.get({ plain: true }),
      againstNumber: against?.number,
      diffs,
      canRestore: can(locals(res).actor, 'content.write', { tenantId: site.id }),
    });
  });

  router.post('/tin-bai/:id/phien-ban/:rev/khoi-phuc', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await tryAction(
      req,
      res,
      `${itemsBase(res)}/${id}`,
      () => restoreRevision(deps, actionContext(req, res), siteOf(res), id, idOf(req.params.rev) ?? 0),
      'Đã khôi phục thành bản nháp mới.',
    );
  });

  // The working version, as the public would see it, in the site's own theme.
  router.get('/tin-bai/:id/xem-truoc', async (req, res) => {
    mustRead(res);
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    // An item written without revisions (the demo, an import) holds its content in its row.
    const rev = (await currentRevision(site, item)) ?? item;
    const kind = kindOf(item.kind)!;
    const basePath = `${site.pathPrefix}${item.locale === 'en' ? '/en' : ''}`;
    const view = itemPageView(
      kind,
      { ...rev.get({ plain: true }), kind: item.kind, publishedAt: item.publishedAt, dueAt: item.dueAt },
      item.locale,
      basePath,
    );
    const media = await itemMedia(
      { site, locale: item.locale, basePath, host: '', requestId: '' },
      rev.coverMediaId ?? null,
      rev.attachmentIds ?? [],
      rev.data?.coverCaption,
    );
    const html = deps.renderer.render(
      { site, locale: item.locale, basePath, viBasePath: site.pathPrefix },
      { ...view, title: `[Xem trước] ${view.title}`, page: { ...view.page, ...media } },
      null,
    );
    res.set({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' }).type('html').send(html);
  });
}
