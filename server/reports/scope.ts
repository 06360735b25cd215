// The sites (and content kind) a report covers: its own module, since the export job's row keeps
// it and the report reads through crossSite, which reaches that row's model.
export interface ReportScope {
  siteIds: number[];
  /** One content kind, or all. */
  kind?: string;
}
