// Sites, on the platform console: list and search, create (citing the Committee's approval,
// Art 3.2), edit, suspend, archive and restore.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { attachmentDisposition } from '../server/text/content-disposition';
import multer from 'multer';
import type { CsrfSync } from 'csrf-sync';
import {
  approvalSchema,
  changeSiteStatus,
  consoleSite,
  createSiteAction,
  listSites,
  setSitePolicies,
  updateSiteAction,
} from '../tenants/site.service';
import { TENANT_KINDS, TENANT_STATUSES, type TenantStatus } from '../tenants/tenant.types';
import { siteInputProblems, type SiteInput } from '../tenants/provisioning';
import { can } from '../server/auth/can.policy';
import { listGrants } from '../server/auth/grants.service';
import { peopleLabels } from '../server/auth/people.service';
import { ROLE_LABELS } from '../server/auth/roles';
import { isPdf, MAX_DECISION_BYTES } from '../server/media/private-files';
import { scanUpload } from '../server/media/virus-scan';
import {
  actionContext,
  tryAction,
  idOf,
  locals,
  pageOf,
  pager,
  provisioningDeps,
  redirectWith,
  renderAdmin,
  str,
  type AdminDeps,
} from './admin-context';
import { readMultipart } from './multipart';
import { ValidationError, forbidden, notFound } from '../server/core/errors';

const PER_PAGE = 25;
export const KIND_LABELS: Record<string, string> = {
  province: 'Cổng tỉnh',
  department: 'Sở, ban, ngành',
  agency: 'Cơ quan, đơn vị',
  commune: 'Xã',
  ward: 'Phường',
  other: 'Khác',
};
export const STATUS_LABELS: Record<string, string> = {
  active: 'Đang hoạt động',
  suspended: 'Tạm dừng',
  archived: 'Lưu trữ',
};

/** The site form's fields as the service expects them. */
function siteInputFrom(body: Record<string, unknown>): SiteInput {
  const lines = (v: unknown) =>
    str(v, 5000)
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  // Raw limits well above the validated ones: an over-long value gets a message, not a silent cut.
  const opt = (v: unknown, max = 1000) => str(v, max) || undefined;
  const parent = idOf(body.parentId);
  return {
    slug: str(body.slug, 200),
    nameVi: str(body.nameVi, 1000),
    nameEn: str(body.nameEn, 1000) || null,
    kind: str(body.kind) as SiteInput['kind'],
    parentId: parent,
    theme: str(body.theme) || 'coso',
    themeSettings: {
      ...(str(body.colorPrimary) ? { colorPrimary: str(body.colorPrimary) } : {}),
      ...(str(body.colorAccent) ? { colorAccent: str(body.colorAccent) } : {}),
    },
    languages: body.english === 'on' ? ['vi', 'en'] : ['vi'],
    primaryHost: str(body.primaryHost, 1000) || null,
    pathPrefix: str(body.pathPrefix, 1000),
    aliases: lines(body.aliases),
    contact: {
      agencyName: opt(body.agencyName),
      address: opt(body.address),
      phone: opt(body.phone),
      email: opt(body.email),
      responsiblePerson: opt(body.responsiblePerson),
      licence: opt(body.licence),
    },
  };
}

type ConsoleSite = Awaited<ReturnType<typeof consoleSite>>;

function formValuesOf(t: ConsoleSite) {
  const settings = t.themeSettings as Record<string, string>;
  return {
    slug: t.slug,
    nameVi: t.nameVi,
    nameEn: t.nameEn ?? '',
    kind: t.kind,
    parentId: t.parentId ?? '',
    theme: t.theme,
    colorPrimary: settings.colorPrimary ?? '',
    colorAccent: settings.colorAccent ?? '',
    english: t.languages.includes('en'),
    primaryHost: t.primaryHost ?? '',
    pathPrefix: t.pathPrefix,
    aliases: t.aliases.join('\n'),
    ...t.contact,
  };
}

export function sitesRoutes(deps: AdminDeps, csrf: CsrfSync): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8', // browsers send file names in UTF-8; busboy would read them as latin1
    limits: { fileSize: MAX_DECISION_BYTES, files: 1, fields: 60, fieldSize: 10_000 },
  });

  // Platform screens exist only in the portal's console.
  router.use('/trang', (req: Request, res: Response, next: NextFunction) => {
    if (!locals(res).isPortal) return next(notFound('Không tìm thấy trang quản trị'));
    if (!can(locals(res).actor, 'sites.list')) return next(forbidden());
    next();
  });

  const parents = () =>
    deps.registry
      .all()
      .filter((s) => s.kind === 'province' || s.kind === 'department')
      .map((s) => ({ id: s.id, name: s.nameVi }));
  const formData = (extra: Record<string, unknown> & { title: string }) => ({
    kinds: TENANT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
    themes: deps.themeNames,
    parents: parents(),
    ...extra,
  });

  router.get('/trang', async (req, res) => {
    const q = str(req.query.q);
    const kind = str(req.query.kind);
    const status = str(req.query.status);
    const page = pageOf(req.query.page);
    const { rows, total } = await listSites(actionContext(req, res), { q, kind, status, page, perPage: PER_PAGE });
    renderAdmin(req, res, deps, 'sites', {
      title: 'Trang thành viên',
      sites: rows.map((s) => ({
        ...s,
        kindLabel: KIND_LABELS[s.kind],
        statusLabel: STATUS_LABELS[s.status],
        address: `${s.primaryHost ?? deps.registry.domain}${s.pathPrefix}`,
      })),
      filters: { q, kind, status },
      kinds: TENANT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
      statuses: TENANT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
      canCreate: can(locals(res).actor, 'sites.create'),
      pager: pager(total, page, PER_PAGE, `${locals(res).adminBase}/trang`, { q, kind, status }),
    });
  });

  router.get('/trang/moi', (req, res) => {
    if (!can(locals(res).actor, 'sites.create')) throw forbidden();
    renderAdmin(
      req,
      res,
      deps,
      'site-form',
      formData({ title: 'Tạo trang thành viên', creating: true, values: { theme: 'coso', kind: 'commune' } }),
    );
  });

  router.post(
    '/trang/moi',
    readMultipart(upload.single('approvalFile'), csrf, 'Tệp quyết định lớn hơn 10 MB.'),
    async (req, res) => {
      if (!can(locals(res).actor, 'sites.create')) throw forbidden();
      const body = req.body as Record<string, unknown>;
      const input = siteInputFrom(body);
      const values = { ...body, english: body.english === 'on' };
      const fail = (errors: Record<string, string>) =>
        renderAdmin(
          req,
          res,
          deps,
          'site-form',
          formData({ title: 'Tạo trang thành viên', creating: true, values, errors }),
          422,
        );
      const file = req.file;
      // Every problem of the form at once, so nobody fixes one field per round trip.
      const problems: Record<string, string> = { ...siteInputProblems(input) };
      const approval = approvalSchema.safeParse({
        approvalNumber: str(body.approvalNumber, 100),
        approvalDate: str(body.approvalDate, 10),
        approvalFile: null,
      });
      if (!approval.success) for (const i of approval.error.issues) problems[String(i.path[0])] ??= i.message;
      if (!file) problems.approvalFile = 'Đính kèm tệp quyết định phê duyệt (PDF).';
      else if (!isPdf(file.buffer))
        problems.approvalFile = 'Tệp quyết định phải là PDF (kiểm tra theo nội dung tệp, không theo tên).';
      else {
        const verdict = await scanUpload(file.buffer, { upload: 'decision', by: locals(res).actor?.id });
        if (verdict === 'infected') problems.approvalFile = 'Tệp quyết định có mã độc (virus) nên không được nhận.';
        if (verdict === 'failed') problems.approvalFile = 'Tệp quyết định chưa kiểm tra được virus, vui lòng thử lại.';
      }
      if (Object.keys(problems).length || !file) return fail(problems);
      // If the site is refused, the stored decision file is removed again: nothing half written.
      try {
        const key = await deps.files.save('decision', file.buffer);
        const site = await createSiteAction(provisioningDeps(deps), actionContext(req, res), input, {
          approvalNumber: str(body.approvalNumber, 100),
          approvalDate: str(body.approvalDate, 10),
          approvalFile: key,
        }).catch(async (err) => {
          await deps.files.remove(key);
          throw err;
        });
        redirectWith(
          req,
          res,
          `${locals(res).adminBase}/trang/${site.id}`,
          'ok',
          `Đã tạo trang "${site.nameVi}" cùng danh mục và menu mặc định.`,
        );
      } catch (err) {
        if (err instanceof ValidationError) return fail(err.fields);
        throw err;
      }
    },
  );

  const loadSite = async (req: Request, res: Response) => {
    const id = idOf(req.params.id);
    if (!id) throw notFound('Không tìm thấy trang');
    return consoleSite(actionContext(req, res), id);
  };

  router.get('/trang/:id', async (req, res) => {
    const t = await loadSite(req, res);
    const actor = locals(res).actor!;
    const ctx = actionContext(req, res);
    const grants = can(actor, 'grants.manage') ? await listGrants(ctx, { tenantId: t.id }) : [];
    const nameOf = await peopleLabels(
      ctx,
      grants.map((g) => g.personId),
    );
    renderAdmin(req, res, deps, 'site', {
      title: t.nameVi,
      s: {
        ...t,
        kindLabel: KIND_LABELS[t.kind],
        statusLabel: STATUS_LABELS[t.status],
        address: `${t.primaryHost ?? deps.registry.domain}${t.pathPrefix}`,
        mediaQuotaMb: Math.round(t.mediaQuotaBytes / 1024 / 1024),
      },
      grants: grants.map((g) => ({ ...g, person: nameOf.get(g.personId), roleLabel: ROLE_LABELS[g.role] })),
      canEdit: can(actor, 'sites.update'),
      canChangeStatus: can(actor, 'sites.changeStatus') && t.kind !== 'province',
      statuses: TENANT_STATUSES.filter((s) => s !== t.status).map((s) => ({
        value: s,
        label: s === 'active' ? 'Khôi phục hoạt động' : s === 'suspended' ? 'Tạm dừng' : 'Lưu trữ',
      })),
    });
  });

  router.get('/trang/:id/quyet-dinh', async (req, res) => {
    const t = await loadSite(req, res);
    const bytes = t.approvalFile ? await deps.files.read(t.approvalFile) : null;
    if (!bytes) throw notFound('Trang này chưa có tệp quyết định');
    res.set({
      'content-type': 'application/pdf',
      'content-disposition': attachmentDisposition(`quyet-dinh-${t.slug}.pdf`, 'pdf'),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.send(bytes);
  });

  router.get('/trang/:id/sua', async (req, res) => {
    if (!can(locals(res).actor, 'sites.update')) throw forbidden();
    const t = await loadSite(req, res);
    renderAdmin(
      req,
      res,
      deps,
      'site-form',
      formData({ title: `Sửa trang: ${t.nameVi}`, siteId: t.id, values: formValuesOf(t) }),
    );
  });

  router.post('/trang/:id/chinh-sach', async (req, res) => {
    const t = await loadSite(req, res);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/trang/${t.id}`,
      () =>
        setSitePolicies(provisioningDeps(deps), actionContext(req, res), t.id, {
          selfApproval: req.body.selfApproval === 'on',
          mediaQuotaMb: str(req.body.mediaQuotaMb, 10),
        }),
      'Đã lưu chính sách của trang.',
    );
  });

  router.post('/trang/:id/sua', async (req, res) => {
    if (!can(locals(res).actor, 'sites.update')) throw forbidden();
    const t = await loadSite(req, res);
    const input = siteInputFrom({ ...req.body, slug: t.slug });
    try {
      await updateSiteAction(provisioningDeps(deps), actionContext(req, res), t.id, input);
    } catch (err) {
      if (err instanceof ValidationError) {
        return renderAdmin(
          req,
          res,
          deps,
          'site-form',
          formData({
            title: `Sửa trang: ${t.nameVi}`,
            siteId: t.id,
            values: { ...req.body, slug: t.slug, english: req.body.english === 'on' },
            errors: err.fields,
          }),
          422,
        );
      }
      throw err;
    }
    redirectWith(req, res, `${locals(res).adminBase}/trang/${t.id}`, 'ok', 'Đã lưu thay đổi.');
  });

  router.post('/trang/:id/trang-thai', async (req, res) => {
    const t = await loadSite(req, res);
    const status = str(req.body.status) as TenantStatus;
    try {
      await changeSiteStatus(provisioningDeps(deps), actionContext(req, res), t.id, status);
    } catch (err) {
      if (err instanceof ValidationError)
        return redirectWith(req, res, `${locals(res).adminBase}/trang/${t.id}`, 'error', err.message);
      throw err;
    }
    redirectWith(
      req,
      res,
      `${locals(res).adminBase}/trang/${t.id}`,
      'ok',
      `Đã chuyển trang sang trạng thái "${STATUS_LABELS[status]}".`,
    );
  });

  return router;
}
