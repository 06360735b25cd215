// The changes of a site, as actions (server/actions/): creating it (Art 3.2: on the Committee's
// decision), its settings and addresses, its status, and an operator's per-site exceptions. The
// back office and `npm run setup` run these; provisioning.ts holds the data steps they share.
import { z } from 'zod';
import { defineAction, type Action, type ActorCtx } from '../server/actions/action';
import { runAction } from '../server/actions/run-action';
import { can } from '../server/auth/can.policy';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../server/core/errors';
import { applyBlueprint } from './blueprints';
import {
  insertSite,
  rewriteSite,
  writeSiteStatus,
  type ProvisioningDeps,
  type SiteInput,
  type SiteRules,
} from './provisioning';
import { Tenant } from './tenant.model';
import { TENANT_STATUSES, type TenantStatus } from './tenant.types';

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

const snapshot = (t: Tenant, aliases: readonly string[]) => ({
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

/**
 * A new site with its kind's categories and menus. A person cites the Committee's approval;
 * the platform itself (`npm run setup`, the province's portal) needs none.
 */
export const siteCreate = (rules: SiteRules) =>
  defineAction({
    name: 'site.create',
    check: (who: ActorCtx, input: { site: SiteInput; approval?: Approval }) => {
      if (who.actor === null) return null;
      if (!can(who.actor, 'sites.create')) return forbidden();
      return input.approval ? null : new ValidationError({ approvalNumber: 'Ghi số quyết định phê duyệt' });
    },
    async execute(_who, input, tx) {
      const approval = input.approval ? parseApproval(input.approval) : null;
      const site = await insertSite(rules, input.site, tx);
      if (approval) await site.update(approval, { transaction: tx });
      const blueprint = await applyBlueprint(site.id, site.kind, tx);
      return { site, approval, blueprint };
    },
    audit: (_who, input, r) => ({
      action: 'site.create',
      tenantId: r.site.id,
      targetType: 'site',
      targetId: r.site.id,
      summary: { after: { ...snapshot(r.site, input.site.aliases ?? []), ...r.approval }, blueprint: r.blueprint },
    }),
    // A new site has no cached page yet; its addresses reach the registry (runSiteAction).
    invalidates: () => ({}),
  });

function parseApproval(raw: Approval) {
  const parsed = approvalSchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError({ [String(parsed.error.issues[0]!.path[0])]: parsed.error.issues[0]!.message });
  return parsed.data;
}

/** A site's settings and addresses (not its slug). */
export const siteUpdate = (rules: SiteRules) =>
  defineAction({
    name: 'site.update',
    check: (who: ActorCtx, _input: { siteId: number; site: Omit<SiteInput, 'slug'> }) =>
      can(who.actor, 'sites.update') ? null : forbidden(),
    execute: (_who, input, tx) => rewriteSite(rules, input.siteId, input.site, tx),
    audit: (_who, input, r) => ({
      action: 'site.update',
      tenantId: input.siteId,
      targetType: 'site',
      targetId: input.siteId,
      summary: { before: snapshot(r.before, r.aliasesBefore), after: snapshot(r.after, input.site.aliases ?? []) },
    }),
    invalidates: (input) => ({ sites: [input.siteId] }),
  });

const STATUS_ACTIONS = { active: 'site.restore', suspended: 'site.suspend', archived: 'site.archive' } as const;

/** Suspend (shows the suspended page, keeps all data), archive, or restore to active. */
export const siteStatusSet = defineAction({
  name: 'site.status',
  async check(who: ActorCtx, input: { siteId: number; status: TenantStatus }, tx) {
    if (!can(who.actor, 'sites.changeStatus')) return forbidden();
    if (!TENANT_STATUSES.includes(input.status)) return new ValidationError({ status: 'Trạng thái không hợp lệ' });
    const site = await Tenant.findByPk(input.siteId, { attributes: ['kind'], transaction: tx });
    if (!site) return notFound('Không tìm thấy trang');
    if (site.kind === 'province' && input.status !== 'active')
      return new ValidationError({ status: 'Không thể tạm dừng hay lưu trữ Cổng tỉnh' });
    return null;
  },
  execute: (_who, input, tx) => writeSiteStatus(input.siteId, input.status, tx),
  audit: (_who, input, before) => ({
    action: STATUS_ACTIONS[input.status],
    tenantId: input.siteId,
    targetType: 'site',
    targetId: input.siteId,
    summary: { before: { status: before }, after: { status: input.status } },
  }),
  invalidates: (input) => ({ sites: [input.siteId] }),
});

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
 * otherwise forbids it) and the media quota. Read from the row when used: no page shows them.
 */
export const sitePoliciesSet = defineAction({
  name: 'site.policies',
  check: (who: ActorCtx, _input: { siteId: number; policies: { selfApproval: boolean; mediaQuotaMb: unknown } }) =>
    can(who.actor, 'sites.update') ? null : forbidden(),
  async execute(_who, input, tx) {
    const v = parseOrThrow(policySchema, input.policies);
    const t = await Tenant.findByPk(input.siteId, { transaction: tx, lock: true });
    if (!t) throw notFound('Không tìm thấy trang');
    const before = { selfApproval: t.selfApproval, mediaQuotaBytes: t.mediaQuotaBytes };
    const after = { selfApproval: v.selfApproval, mediaQuotaBytes: v.mediaQuotaMb * 1024 * 1024 };
    await t.update(after, { transaction: tx });
    return { before, after };
  },
  audit: (_who, input, summary) => ({
    action: 'site.policies',
    tenantId: input.siteId,
    targetType: 'site',
    targetId: input.siteId,
    summary,
  }),
  invalidates: () => ({}),
});

/**
 * Runs a change of a site's name, addresses or status, then has every instance rebuild its
 * registry (the host and path index), which no cache version covers.
 */
export async function runSiteAction<I, R>(
  deps: ProvisioningDeps,
  who: ActorCtx,
  action: Action<I, R>,
  input: I,
): Promise<R> {
  const result = await runAction(deps, who, action, input);
  await deps.registry.announceChange();
  return result;
}
