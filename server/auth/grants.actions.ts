// Giving and taking back roles (Art 17.3), as actions (server/actions/): only operators and system
// administrators do it (a system administrator's role, only another), every grant records who gave
// it and when, and every revocation who, when and why. `npm run setup` gives the first two roles
// with the same action, as the platform.
import { z } from 'zod';
import { defineAction, type ActorCtx } from '../actions/action';
import { runActionIn } from '../actions/run-action';
import { ValidationError, fieldErrors, forbidden, notFound, parseOrThrow } from '../core/errors';
import { crossSite } from '../db/cross-site';
import { mayGrantRole } from './can.policy';
import { Grant } from './grant.model';
import { BOARD_POSITIONS, isPlatformRole, ROLES, type Role } from './roles';

const grantSchema = z
  .object({
    personId: z.coerce.number().int().positive('Chọn người được cấp quyền'),
    tenantId: z.coerce.number().int().positive().nullable(),
    role: z.enum(ROLES, { message: 'Vai trò không hợp lệ' }),
    boardPosition: z
      .enum(BOARD_POSITIONS)
      .nullish()
      .transform((v) => v ?? null),
    expiresAt: z.coerce
      .date()
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((g, ctx) => {
    if (isPlatformRole(g.role) && g.tenantId !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['tenantId'],
        message: 'Vai trò này áp dụng cho toàn Cổng, không gắn với một trang',
      });
    if (!isPlatformRole(g.role) && g.tenantId === null)
      ctx.addIssue({ code: 'custom', path: ['tenantId'], message: 'Chọn trang cho vai trò này' });
    if (g.role === 'board' && !g.boardPosition)
      ctx.addIssue({ code: 'custom', path: ['boardPosition'], message: 'Chọn chức danh trong Ban Biên tập' });
    if (g.role !== 'board' && g.boardPosition)
      ctx.addIssue({ code: 'custom', path: ['boardPosition'], message: 'Chức danh chỉ dành cho Ban Biên tập' });
    if (g.expiresAt && g.expiresAt.getTime() <= Date.now())
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Ngày hết hạn phải ở tương lai' });
  });
export type GrantInput = z.input<typeof grantSchema>;

/** Whether the actor may give or take back this role; the platform itself may give any. */
const mayGrant = (who: ActorCtx, role: Role) => who.actor === null || mayGrantRole(who.actor, role);

/** A role, given; given again, the grant is renewed (its expiry and board position), never doubled. */
export const grantGive = defineAction({
  name: 'grant.create',
  check(who: ActorCtx, input: GrantInput) {
    const parsed = grantSchema.safeParse(input);
    if (!parsed.success) return new ValidationError(fieldErrors(parsed.error));
    return mayGrant(who, parsed.data.role) ? null : forbidden();
  },
  async execute(who, input, tx) {
    const g = parseOrThrow(grantSchema, input);
    const console_ = crossSite('platform-console');
    const person = await console_.people.findByPk(g.personId, { attributes: ['id', 'email'], transaction: tx });
    if (!person) throw new ValidationError({ personId: 'Không tìm thấy người dùng' });
    if (g.tenantId !== null && !(await console_.sites.findByPk(g.tenantId, { attributes: ['id'], transaction: tx })))
      throw new ValidationError({ tenantId: 'Không tìm thấy trang' });
    const grantedBy = who.actor?.id ?? null;
    const existing = await Grant.findOne({
      where: { personId: g.personId, tenantId: g.tenantId, role: g.role, revokedAt: null },
      transaction: tx,
      lock: true,
    });
    if (existing) {
      const before = { expiresAt: existing.expiresAt, boardPosition: existing.boardPosition };
      await existing.update(
        { expiresAt: g.expiresAt, boardPosition: g.boardPosition, grantedBy, grantedAt: new Date() },
        { transaction: tx },
      );
      return { grant: existing, g, email: person.email, renewed: before };
    }
    const grant = await Grant.create(
      { ...g, grantedBy, revokedBy: null, revokedAt: null, revokeReason: null },
      { transaction: tx },
    );
    return { grant, g, email: person.email, renewed: null };
  },
  audit: (_who, _input, { grant, g, email, renewed }) =>
    renewed
      ? {
          action: 'grant.renew',
          tenantId: g.tenantId,
          targetType: 'grant',
          targetId: grant.id,
          summary: {
            person: email,
            role: g.role,
            before: renewed,
            after: { expiresAt: g.expiresAt, boardPosition: g.boardPosition },
          },
        }
      : {
          action: 'grant.create',
          tenantId: g.tenantId,
          targetType: 'grant',
          targetId: grant.id,
          summary: { person: email, role: g.role, boardPosition: g.boardPosition, expiresAt: g.expiresAt },
        },
  invalidates: () => ({}),
});

const reasonSchema = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(3, 'Ghi lý do thu hồi (ít nhất 3 ký tự)').max(500));

const reasonRefusal = (raw: string) => {
  const r = reasonSchema.safeParse(raw);
  return r.success ? null : new ValidationError(fieldErrors(r.error));
};

/** A grant taken back, with the reason; it stops working from the next request. */
export const grantRevoke = defineAction({
  name: 'grant.revoke',
  async check(who: ActorCtx, input: { grantId: number; reason: string }, tx) {
    const refusal = reasonRefusal(input.reason);
    if (refusal) return refusal;
    const grant = await crossSite('platform-console').grants.findOne({
      where: { id: input.grantId, revokedAt: null },
      attributes: ['role'],
      transaction: tx,
    });
    if (!grant) return notFound('Không tìm thấy quyền đang hiệu lực');
    return who.actor !== null && mayGrantRole(who.actor, grant.role) ? null : forbidden();
  },
  async execute(who, input, tx) {
    const reason = parseOrThrow(reasonSchema, input.reason);
    const grant = await Grant.findOne({ where: { id: input.grantId, revokedAt: null }, transaction: tx, lock: true });
    if (!grant) throw notFound('Không tìm thấy quyền đang hiệu lực');
    await grant.update({ revokedAt: new Date(), revokedBy: who.actor!.id, revokeReason: reason }, { transaction: tx });
    return { grant, reason };
  },
  audit: (_who, _input, { grant, reason }) => ({
    action: 'grant.revoke',
    tenantId: grant.tenantId,
    targetType: 'grant',
    targetId: grant.id,
    summary: { personId: grant.personId, role: grant.role, reason },
  }),
  invalidates: () => ({}),
});

export interface BulkGrants {
  mode: 'grant' | 'revoke';
  personIds: number[];
  tenantIds: number[];
  role: Role;
  expiresAt?: Date | null;
  reason?: string;
}

/**
 * One site role given or taken back for every (person, site) pair, all or nothing: each pair is
 * grantGive or grantRevoke, checked and audited as if done alone. The result: pairs changed.
 */
export const grantsBulk = defineAction({
  name: 'grant.bulk',
  check(who: ActorCtx, op: BulkGrants) {
    if (who.actor === null || !mayGrantRole(who.actor, op.role)) return forbidden();
    if (isPlatformRole(op.role)) return new ValidationError({ role: 'Cấp hàng loạt chỉ dành cho vai trò trên trang' });
    if (op.personIds.length === 0 || op.tenantIds.length === 0)
      return new ValidationError({ _: 'Chọn ít nhất một người và một trang' });
    if (op.personIds.length * op.tenantIds.length > 5000)
      return new ValidationError({ _: 'Quá nhiều cặp người × trang trong một lần (tối đa 5000)' });
    return op.mode === 'revoke' ? reasonRefusal(op.reason ?? '') : null;
  },
  async execute(who, op, tx) {
    let changed = 0;
    for (const personId of op.personIds) {
      for (const tenantId of op.tenantIds) {
        if (op.mode === 'grant') {
          await runActionIn(tx, who, grantGive, { personId, tenantId, role: op.role, expiresAt: op.expiresAt ?? null });
          changed++;
          continue;
        }
        const grant = await Grant.findOne({
          where: { personId, tenantId, role: op.role, revokedAt: null },
          attributes: ['id'],
          transaction: tx,
        });
        if (!grant) continue;
        await runActionIn(tx, who, grantRevoke, { grantId: grant.id, reason: op.reason ?? '' });
        changed++;
      }
    }
    return changed;
  },
  audit: () => null, // each pair's own entry is written by its action
  invalidates: () => ({}),
});
