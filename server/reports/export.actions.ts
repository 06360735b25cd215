// A report export's changes, as actions (server/actions/): the request stored (and audited), and
// each download of the file audited. The job's own progress is the runner's (export.service.ts).
import { defineAction, type ActorCtx } from '../actions/action';
import { can } from '../auth/can.policy';
import { AppError, forbidden } from '../core/errors';
import { siteData } from '../db/site-data';
import type { Period } from './period';
import { checkReportScope, type ReportScope } from './report.service';

export interface ExportRequest {
  /** The site whose back office asked (the portal's, for a central export). */
  siteId: number;
  central: boolean;
  format: 'csv' | 'xlsx';
  period: Period;
  scope: ReportScope;
}

export const reportExportRequest = defineAction({
  name: 'report.export',
  check(who: ActorCtx, input: ExportRequest) {
    const actor = who.actor;
    const may = input.central
      ? can(actor, 'reports.readCentral')
      : can(actor, 'reports.readSite', { tenantId: input.siteId });
    if (!actor || !may) return forbidden();
    // The sites come from the request; whether this person may read them, from their grants.
    try {
      checkReportScope(actor, input.scope.siteIds);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    return null;
  },
  execute: (who, input, tx) =>
    siteData({ id: input.siteId }).reportExports.create(
      {
        requestedBy: who.actor!.id,
        central: input.central,
        format: input.format,
        params: { period: input.period, scope: input.scope },
        fileKey: null,
        error: null,
        startedAt: null,
        finishedAt: null,
      },
      { transaction: tx },
    ),
  audit: (_who, input, job) => ({
    action: 'report.export',
    tenantId: input.siteId,
    targetType: 'report_export',
    targetId: job.id,
    summary: {
      format: input.format,
      period: input.period.label,
      central: input.central,
      sites: input.scope.siteIds.length,
      kind: input.scope.kind ?? null,
    },
  }),
  invalidates: () => ({}),
});

/** A download of a finished export's file (the caller has found it readable: exportFor). */
export const reportExportDownloaded = defineAction({
  name: 'report.export.download',
  check: (who: ActorCtx, _input: { siteId: number; jobId: number }) => (who.actor ? null : forbidden()),
  execute: async () => undefined, // nothing changes but the audit log
  audit: (_who, input) => ({
    action: 'report.export.download',
    tenantId: input.siteId,
    targetType: 'report_export',
    targetId: input.jobId,
  }),
  invalidates: () => ({}),
});
