// The report's words: a short summary written from the figures, and how durations read.
import { pct } from './charts';
import type { Report } from './report.service';

export const hours = (h: number | null) =>
  h === null
    ? '—'
    : h < 48
      ? `${h.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giờ`
      : `${(h / 24).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày`;
export const days = (d: number | null) =>
  d === null ? '—' : `${d.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày`;

/** A short summary in words, from the figures only. */
export function summaryOf(r: Report): string[] {
  const n = (v: number) => v.toLocaleString('vi-VN');
  const lines = [
    `Trong kỳ (${r.period.label}), ${n(r.totals.sites)} trang đã đăng ${n(r.totals.published)} mục thông tin; ${n(r.totals.onTime)} mục đúng hạn, ${n(r.totals.late)} mục chậm so với thời hạn đăng tải (tỷ lệ đúng hạn ${pct(r.totals.rate)}).`,
  ];
  if (r.totals.providerReceived)
    lines.push(
      `Các cơ quan đã cung cấp ${n(r.totals.providerReceived)} hồ sơ thông tin, ${n(r.totals.providerLate)} hồ sơ chậm so với thời hạn cung cấp (tỷ lệ đúng hạn ${pct(r.totals.providerRate)}).`,
    );
  const lateSites = r.sites.filter((s) => s.late > 0);
  if (lateSites.length)
    lines.push(
      `${n(lateSites.length)} trang có mục đăng chậm, nhiều nhất: ${[...lateSites]
        .sort((a, b) => b.late - a.late)
        .slice(0, 5)
        .map((s) => `${s.name} (${n(s.late)})`)
        .join(', ')}.`,
    );
  else lines.push('Không trang nào đăng chậm trong kỳ.');
  if (r.totals.overdue) lines.push(`Hiện có ${n(r.totals.overdue)} mục đã quá hạn mà chưa được đăng.`);
  lines.push(
    `Người dân gửi ${n(r.totals.questions)} câu hỏi, phản ánh; đã trả lời ${n(r.totals.answered)}, còn ${n(r.totals.pending)} đang chờ xử lý${r.questions.medianAnswerDays !== null ? `; thời gian trả lời trung vị ${days(r.questions.medianAnswerDays)}` : ''}.`,
  );
  if (r.totals.consultations)
    lines.push(`${n(r.totals.consultations)} dự thảo được lấy ý kiến, nhận ${n(r.totals.comments)} góp ý.`);
  lines.push(`Tổng số lượt truy cập trong kỳ: ${n(r.totals.visits)}.`);
  if (r.royalties.entries)
    lines.push(
      `Nhuận bút: ${n(r.royalties.entries)} khoản cho ${n(r.royalties.people)} người, tổng ${n(r.royalties.amount)} đồng; đã chi trả ${n(r.royalties.paid)} đồng.`,
    );
  const db = r.uptime.find((u) => u.target === 'database');
  if (db) lines.push(`Tỷ lệ hoạt động của cơ sở dữ liệu theo kiểm tra tự động: ${pct(db.uptime)}.`);
  lines.push(
    r.incidents.length
      ? `Có ${n(r.incidents.length)} sự cố được ghi nhận, tổng thời gian ${n(r.incidents.reduce((s, i) => s + i.minutes, 0))} phút.`
      : 'Không có sự cố nào được ghi nhận trong kỳ.',
  );
  return lines;
}
