// The rules about a person's account that the reads and the actions share: its form, the
// temporary password, the roles a person holds, and what an actor may do to their account.
import crypto from 'node:crypto';
import type { Transaction } from 'sequelize';
import { z } from 'zod';
import { activeGrantWhere, type Actor } from './access';
import { mayActOnHolderOf } from './can.policy';
import { crossSite } from '../db/cross-site';
import type { Role } from './roles';

const nfc = (s: string) => s.normalize('NFC').trim();
export const personInputSchema = z.object({
  email: z.string().trim().toLowerCase().email('Địa chỉ e-mail không hợp lệ').max(200),
  fullName: z
    .string()
    .transform(nfc)
    .pipe(z.string().min(1, 'Họ và tên là bắt buộc').max(200, 'Họ và tên dài quá 200 ký tự')),
  unit: z
    .string()
    .transform(nfc)
    .pipe(z.string().max(200, 'Đơn vị dài quá 200 ký tự'))
    .optional()
    .transform((v) => v || null),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+() .-]{0,30}$/, 'Số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -')
    .optional()
    .transform((v) => v || null),
});
export type PersonInput = z.input<typeof personInputSchema>;

/** A temporary password that meets the policy, to hand over once; the person must change it. */
export function temporaryPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** The roles a person holds now: their active grants, on any site (a console's read). */
export async function activeRolesOf(personId: number, transaction?: Transaction): Promise<Role[]> {
  const grants = await crossSite('platform-console').grants.findAll({
    where: { personId, ...activeGrantWhere() },
    attributes: ['role'],
    transaction,
  });
  return [...new Set(grants.map((g) => g.role))];
}

export const NOT_YOURS = 'Bạn không thể thao tác với tài khoản này: người này giữ vai trò mà bạn không có quyền cấp.';

/** What an actor may do to one person's account, for the actions and for the buttons shown. */
export function powersOver(actor: Actor, target: { id: number; roles: readonly Role[] }) {
  const act = mayActOnHolderOf(actor, target.roles);
  return {
    /** Edit, lock, unlock, disable. */
    act,
    /** Reset the password or the second factor: never one's own here (the account page asks for the current password). */
    reset: act && target.id !== actor.id,
    /** A system administrator's credentials: the acting system administrator confirms with their own code. */
    ownCodeRequired: target.roles.includes('sysadmin'),
  };
}
