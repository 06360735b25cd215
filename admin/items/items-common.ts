// What the item screens share: where they live, who may read them, and a deadline in words.
import type { Response } from 'express';
import { can } from '../../server/auth/can.policy';
import { forbidden } from '../../server/core/errors';
import { locals, siteOf } from '../admin-context';

/** The items' screens of this site's back office. */
export const itemsBase = (res: Response) => `${locals(res).adminBase}/tin-bai`;

/** Refuses (403) whoever may not read the site's items. */
export function mustRead(res: Response) {
  if (!can(locals(res).actor, 'content.read', { tenantId: siteOf(res).id })) throw forbidden();
}

/** Time left until a due date, in words. */
export function timeLeft(due: Date | null, now = Date.now()): string {
  if (!due) return 'Không có hạn';
  const ms = due.getTime() - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3600_000);
  const text =
    h >= 48 ? `${Math.floor(h / 24)} ngày` : h >= 1 ? `${h} giờ` : `${Math.max(1, Math.floor(abs / 60_000))} phút`;
  return ms >= 0 ? `còn ${text}` : `quá hạn ${text}`;
}
