// Charts drawn on the server as SVG: no script, no library, readable by screen readers (a title,
// a description, role="img"), and always shown next to a table of the same numbers. Colours are
// presentation attributes (the CSP forbids inline styles) with contrast against white.
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const COLOURS = { onTime: '#1b5e20', late: '#b3261e', neutral: '#0b4f8a' };

export interface Series {
  name: string;
  values: number[];
  colour: string;
}

/** Vertical stacked bars, one per label (a month), with a legend. */
export function stackedBars(id: string, title: string, desc: string, labels: string[], series: Series[]): string {
  const W = 720;
  const H = 260;
  const left = 48;
  const bottom = 36;
  const top = 28;
  const totals = labels.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const plotH = H - top - bottom;
  const slot = (W - left - 8) / Math.max(1, labels.length);
  const bar = Math.min(48, slot * 0.7);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= yMax; v += step)
    parts.push(
      `<line x1="${left}" x2="${W - 8}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#333">${v.toLocaleString('vi-VN')}</text>`,
    );
  labels.forEach((label, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    let base = 0;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v > 0)
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${s.colour}"><title>${esc(`${label}: ${s.name} ${v.toLocaleString('vi-VN')}`)}</title></rect>`,
        );
      base += v;
    }
    parts.push(
      `<text x="${(x + bar / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" font-size="11" fill="#333">${esc(label)}</text>`,
    );
  });
  series.forEach((s, i) =>
    parts.push(
      `<rect x="${left + i * 150}" y="6" width="12" height="12" fill="${s.colour}"/><text x="${left + i * 150 + 18}" y="16" font-size="12" fill="#222">${esc(s.name)}</text>`,
    ),
  );
  return svg(id, title, desc, W, H, parts);
}

/** Horizontal bars of a share (0–1) per label, e.g. each site's on-time rate. */
export function rateBars(
  id: string,
  title: string,
  desc: string,
  rows: { label: string; rate: number | null }[],
): string {
  const W = 720;
  const row = 22;
  const left = 260;
  const H = 24 + rows.length * row;
  const width = W - left - 60;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const yy = 16 + i * row;
    const label = r.label.length > 40 ? `${r.label.slice(0, 39)}…` : r.label;
    parts.push(
      `<text x="${left - 8}" y="${yy + 12}" text-anchor="end" font-size="12" fill="#222">${esc(label)}</text>`,
    );
    if (r.rate === null)
      parts.push(`<text x="${left + 4}" y="${yy + 12}" font-size="12" fill="#555">chưa có mục nào để tính</text>`);
    else {
      const w = Math.max(1, r.rate * width);
      const colour = r.rate >= 0.9 ? COLOURS.onTime : r.rate >= 0.7 ? COLOURS.neutral : COLOURS.late;
      parts.push(
        `<rect x="${left}" y="${yy}" width="${w.toFixed(1)}" height="16" fill="${colour}"><title>${esc(`${r.label}: ${pct(r.rate)}`)}</title></rect><text x="${(left + w + 6).toFixed(1)}" y="${yy + 12}" font-size="12" fill="#222">${pct(r.rate)}</text>`,
      );
    }
  });
  return svg(id, title, desc, W, H, parts);
}

export const pct = (r: number | null) =>
  r === null ? '—' : `${(r * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;

function svg(id: string, title: string, desc: string, w: number, h: number, parts: string[]) {
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>${parts.join('')}</svg>`;
}

function niceStep(max: number) {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  // Counts are whole: never a step under 1.
  return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag);
}
