// CSV for spreadsheets: one cell, one line. A cell that a spreadsheet would read as a formula
// (=, +, -, @, tab, CR first) gets a leading apostrophe, so an exported value never runs
// (CSV injection). Cells are quoted when they must be, or always with `quoteAll`.
export function csvCell(v: unknown, quoteAll = false): string {
  const raw =
    v === null || v === undefined
      ? ''
      : v instanceof Date
        ? v.toISOString()
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return quoteAll || /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line break). */
export const csvLine = (cells: unknown[], quoteAll = false) => cells.map((c) => csvCell(c, quoteAll)).join(',');
