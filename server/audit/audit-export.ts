// The audit log's CSV export, itself an entry of the log: who took a copy, of which site (or all)
// and with what filter.
import type { Sequelize } from 'sequelize';
import { defineAction, type ActorCtx } from '../actions/action';
import { runUncachedAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { forbidden } from '../core/errors';
import { auditCsv, type ActionContext, type AuditFilter } from './audit.service';

/** undefined scope: the whole log (operators); a site's id: that site's entries (its administrator). */
export const auditExported = defineAction({
  name: 'audit.export',
  check: (who: ActorCtx, input: { scope: number | undefined; filter: Record<string, string> }) =>
    (
      input.scope === undefined
        ? can(who.actor, 'audit.readAll')
        : can(who.actor, 'site.audit.read', { tenantId: input.scope })
    )
      ? null
      : forbidden(),
  execute: async () => undefined, // nothing changes but the audit log
  audit: (_who, input) => ({
    action: 'audit.export',
    tenantId: input.scope ?? null,
    summary: { filter: input.filter },
  }),
  invalidates: () => ({}),
});

/** The export's rows (header first), once it is recorded; `raw`: the filter as the form gave it. */
export async function exportAudit(
  sequelize: Sequelize,
  ctx: ActionContext,
  filter: AuditFilter,
  raw: Record<string, string>,
  scope?: number,
): Promise<AsyncGenerator<string>> {
  await runUncachedAction(sequelize, ctx, auditExported, { scope, filter: raw });
  return auditCsv(ctx, filter, scope);
}
