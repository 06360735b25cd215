// Site actions for the back office: the policy check, the change, the blueprint and the audit
// entry, in one transaction each.
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { z } from 'zod';
import { recordAudit, type ActionContext } from '../server/audit/audit.service';
import { can } from '../server/auth/can.policy';
import { applyBlueprint } from './blueprints';
import {
  createSite,
  ProvisioningError,
  setSiteStatus,
  updateSite,
  type ProvisioningDeps,
  type SiteInput,
} from './provisioning';
import { Tenant, TenantAlias } from './tenant.model';
import { TENANT_KINDS, TENANT_STATUSES, type TenantStatus } from './tenant.types';
import { ValidationError, forbidden, notFound } from '../server/core/errors';

/** Art 3.2: a site exists by the Committee's decision, cited by number, date and file. */
export const approvalSchema = z.object({
  approvalNumber: z.string().trim().min(1, 'Ghi số quyết định phê duyệt').max(100),
  approvalDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày quyết định không hợp lệ')
    .refine(
      (d) => !Number.isNaN(Date.parse(d)) && Date.parse(d) <= Date.now(),
      'Ngày quyết định không hợp lệ hoặc ở tương lai',
    ),
  approvalFile: z.string().nullable(),
});
export type Approval = z.input<typeof approvalSchema>;

const asValidation = (err: unknown) => (err instanceof ProvisioningError ? new ValidationError(err.fields) : err);

const snapshot = (t: Tenant, aliases: string[]) => ({
  nameVi: t.nameVi,
  nameEn: t.nameEn,
  kind: t.kind,
  parentId: t.parentId,
  theme: t.theme,
  themeSettings: t.themeSettings,
  contact: t.contact,
  languages: t.languages,
  primaryHost: t.primaryHost,
  pathPrefix: t.pathPrefix,
  aliases,
  status: t.status,
});

export async function createSiteAction(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  input: SiteInput,
  approvalRaw: Approval,
) {
  if (!can(ctx.actor, 'sites.create')) throw forbidden();
  const approval = approvalSchema.safeParse(approvalRaw);
  if (!approval.success)
    throw new ValidationError({ [String(approval.error.issues[0]!.path[0])]: approval.error.issues[0]!.message });
  try {
    return await createSite(deps, input, {
      inTransaction: async (site: Tenant, tx: Transaction) => {
        await site.update(approval.data, { transaction: tx });
        const seeded = await applyBlueprint(site.id, site.kind, tx);
        await recordAudit(
          ctx,
          {
            action: 'site.create',
            tenantId: site.id,
            targetType: 'site',
            targetId: site.id,
            summary: { after: { ...snapshot(site, input.aliases ?? []), ...approval.data }, blueprint: seeded },
          },
          tx,
        );
      },
    });
  } catch (err) {
    throw asValidation(err);
  }
}

export async function updateSiteAction(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  input: Omit<SiteInput, 'slug'>,
) {
  if (!can(ctx.actor, 'sites.update')) throw forbidden();
  const oldAliases = (await TenantAlias.findAll({ where: { tenantId: siteId } })).map((a) => a.host);
  try {
    return await updateSite(deps, siteId, input, {
      inTransaction: async (before, after, tx) => {
        await recordAudit(
          ctx,
          {
            action: 'site.update',
            tenantId: siteId,
            targetType: 'site',
            targetId: siteId,
            summary: { before: snapshot(before, oldAliases), after: snapshot(after, input.aliases ?? []) },
          },
          tx,
        );
      },
    });
  } catch (err) {
    throw asValidation(err);
  }
}

/** Suspend (shows the suspended page, keeps all data), archive, or restore to active. */
export async function changeSiteStatus(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  status: TenantStatus,
) {
  if (!can(ctx.actor, 'sites.changeStatus')) throw forbidden();
  if (!TENANT_STATUSES.includes(status)) throw new ValidationError({ status: 'Trạng thái không hợp lệ' });
  const site = await Tenant.findByPk(siteId);
  if (!site) throw notFound('Không tìm thấy trang');
  if (site.kind === 'province' && status !== 'active')
    throw new ValidationError({ status: 'Không thể tạm dừng hay lưu trữ Cổng tỉnh' });
  const action = status === 'active' ? 'site.restore' : status === 'suspended' ? 'site.suspend' : 'site.archive';
  await setSiteStatus(deps, siteId, status, {
    inTransaction: (before, tx) =>
      recordAudit(
        ctx,
        {
          action,
          tenantId: siteId,
          targetType: 'site',
          targetId: siteId,
          summary: { before: { status: before }, after: { status } },
        },
        tx,
      ),
  });
}

export async function listSites(
  ctx: ActionContext,
  opts: { q?: string; kind?: string; status?: string; page: number; perPage: number },
) {
  if (!can(ctx.actor, 'sites.list')) throw forbidden();
  const where: Record<string | symbol, unknown> = {};
  if (opts.q) {
    const q = `%${opts.q.normalize('NFC').replace(/[%_\\]/g, '\\$&')}%`;
    where[Op.or] = [
      { nameVi: { [Op.iLike]: q } },
      { slug: { [Op.iLike]: q } },
      { primaryHost: { [Op.iLike]: q } },
      { pathPrefix: { [Op.iLike]: q } },
    ];
  }
  if (opts.kind && (TENANT_KINDS as readonly string[]).includes(opts.kind)) where.kind = opts.kind;
  if (opts.status && (TENANT_STATUSES as readonly string[]).includes(opts.status)) where.status = opts.status;
  const { rows, count } = await Tenant.findAndCountAll({
    where,
    order: [
      ['kind', 'ASC'],
      ['nameVi', 'ASC'],
    ],
    limit: opts.perPage,
    offset: (opts.page - 1) * opts.perPage,
  });
  return { rows: rows.map((r) => r.get({ plain: true })), total: count };
}

const policySchema = z.object({
  selfApproval: z.boolean(),
  mediaQuotaMb: z.coerce
    .number()
    .int('Dung lượng: số nguyên (MB)')
    .min(10, 'Dung lượng: ít nhất 10 MB')
    .max(1_000_000, 'Dung lượng: quá lớn'),
});

/**
 * An operator's per-site exceptions: whether approvers may approve their own items (Art 11.3
 * otherwise forbids it) and the media quota.
 */
export async function setSitePolicies(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  raw: { selfApproval: boolean; mediaQuotaMb: unknown },
) {
  if (!can(ctx.actor, 'sites.update')) throw forbidden();
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError({ [String(parsed.error.issues[0]!.path[0])]: parsed.error.issues[0]!.message });
  const v = parsed.data;
  await deps.sequelize.transaction(async (transaction) => {
    const t = await Tenant.findByPk(siteId, { transaction, lock: true });
    if (!t) throw notFound('Không tìm thấy trang');
    const before = { selfApproval: t.selfApproval, mediaQuotaBytes: t.mediaQuotaBytes };
    const after = { selfApproval: v.selfApproval, mediaQuotaBytes: v.mediaQuotaMb * 1024 * 1024 };
    await t.update(after, { transaction });
    await recordAudit(
      ctx,
      { action: 'site.policies', tenantId: siteId, targetType: 'site', targetId: siteId, summary: { before, after } },
      transaction,
    );
  });
}
