// Granting and revoking roles (Art 17.3): only operators and system administrators do it, every
// grant records who gave it and when, and every revocation who, when and why.
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import { Tenant } from '../../tenants/tenant.model';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { activeGrantWhere } from './access';
import { can, mayGrantRole } from './can.policy';
import { Grant } from './grant.model';
import { Person } from './person.model';
import { BOARD_POSITIONS, isPlatformRole, ROLES, type Role } from './roles';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';

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

const mayGrant = (ctx: ActionContext, role: Role) => mayGrantRole(ctx.actor, role);

async function grantOne(ctx: ActionContext, g: z.output<typeof grantSchema>, transaction: Transaction) {
  const person = await Person.findByPk(g.personId, { transaction });
  if (!person) throw new ValidationError({ personId: 'Không tìm thấy người dùng' });
  if (g.tenantId !== null && !(await Tenant.findByPk(g.tenantId, { transaction })))
    throw new ValidationError({ tenantId: 'Không tìm thấy trang' });
  const existing = await Grant.findOne({
    where: { personId: g.personId, tenantId: g.tenantId, role: g.role, revokedAt: null },
    transaction,
    lock: true,
  });
  if (existing) {
    // Granting again renews: the expiry (and board position) are updated, nothing is duplicated.
    const before = { expiresAt: existing.expiresAt, boardPosition: existing.boardPosition };
    await existing.update(
      { expiresAt: g.expiresAt, boardPosition: g.boardPosition, grantedBy: ctx.actor.id, grantedAt: new Date() },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'grant.renew',
        tenantId: g.tenantId,
        targetType: 'grant',
        targetId: existing.id,
        summary: {
          person: person.email,
          role: g.role,
          before,
          after: { expiresAt: g.expiresAt, boardPosition: g.boardPosition },
        },
      },
      transaction,
    );
    return existing;
  }
  const grant = await Grant.create(
    { ...g, grantedBy: ctx.actor.id, revokedBy: null, revokedAt: null, revokeReason: null },
    { transaction },
  );
  await recordAudit(
    ctx,
    {
      action: 'grant.create',
      tenantId: g.tenantId,
      targetType: 'grant',
      targetId: grant.id,
      summary: { person: person.email, role: g.role, boardPosition: g.boardPosition, expiresAt: g.expiresAt },
    },
    transaction,
  );
  return grant;
}

export async function grantRole(sequelize: Sequelize, ctx: ActionContext, raw: GrantInput) {
  const g = parseOrThrow(grantSchema, raw);
  if (!mayGrant(ctx, g.role)) throw forbidden();
  return sequelize.transaction((transaction) => grantOne(ctx, g, transaction));
}

const reasonSchema = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(3, 'Ghi lý do thu hồi (ít nhất 3 ký tự)').max(500));

export async function revokeGrant(sequelize: Sequelize, ctx: ActionContext, grantId: number, reasonRaw: string) {
  const reason = parseOrThrow(reasonSchema, reasonRaw);
  return sequelize.transaction(async (transaction) => {
    const grant = await Grant.findOne({ where: { id: grantId, revokedAt: null }, transaction, lock: true });
    if (!grant) throw notFound('Không tìm thấy quyền đang hiệu lực');
    if (!mayGrant(ctx, grant.role)) throw forbidden();
    await grant.update({ revokedAt: new Date(), revokedBy: ctx.actor.id, revokeReason: reason }, { transaction });
    await recordAudit(
      ctx,
      {
        action: 'grant.revoke',
        tenantId: grant.tenantId,
        targetType: 'grant',
        targetId: grant.id,
        summary: { personId: grant.personId, role: grant.role, reason },
      },
      transaction,
    );
    return grant;
  });
}

/** Grants or revokes one site role for every (person, site) pair, all or nothing. */
export async function bulkGrants(
  sequelize: Sequelize,
  ctx: ActionContext,
  op: {
    mode: 'grant' | 'revoke';
    personIds: number[];
    tenantIds: number[];
    role: Role;
    expiresAt?: Date | null;
    reason?: string;
  },
) {
  if (!mayGrant(ctx, op.role)) throw forbidden();
  if (isPlatformRole(op.role)) throw new ValidationError({ role: 'Cấp hàng loạt chỉ dành cho vai trò trên trang' });
  if (op.personIds.length === 0 || op.tenantIds.length === 0)
    throw new ValidationError({ _: 'Chọn ít nhất một người và một trang' });
  if (op.personIds.length * op.tenantIds.length > 5000)
    throw new ValidationError({ _: 'Quá nhiều cặp người × trang trong một lần (tối đa 5000)' });
  const reason = op.mode === 'revoke' ? parseOrThrow(reasonSchema, op.reason ?? '') : null;
  return sequelize.transaction(async (transaction) => {
    let changed = 0;
    for (const personId of op.personIds) {
      for (const tenantId of op.tenantIds) {
        if (op.mode === 'grant') {
          const g = parseOrThrow(grantSchema, { personId, tenantId, role: op.role, expiresAt: op.expiresAt ?? null });
          await grantOne(ctx, g, transaction);
          changed++;
        } else {
          const grant = await Grant.findOne({
            where: { personId, tenantId, role: op.role, revokedAt: null },
            transaction,
            lock: true,
          });
          if (!grant) continue;
          await grant.update({ revokedAt: new Date(), revokedBy: ctx.actor.id, revokeReason: reason }, { transaction });
          await recordAudit(
            ctx,
            {
              action: 'grant.revoke',
              tenantId,
              targetType: 'grant',
              targetId: grant.id,
              summary: { personId, role: op.role, reason },
            },
            transaction,
          );
          changed++;
        }
      }
    }
    return changed;
  });
}

/** Grants for a person or a site, active first; a site administrator sees only their site's. */
export async function listGrants(
  ctx: ActionContext,
  filter: { personId?: number; tenantId?: number; includeInactive?: boolean },
  siteScope?: number,
) {
  const where: Record<string | symbol, unknown> = {};
  if (siteScope !== undefined) {
    if (!can(ctx.actor, 'site.people.read', { tenantId: siteScope })) throw forbidden();
    where.tenantId = siteScope;
  } else if (!can(ctx.actor, 'grants.manage') && !can(ctx.actor, 'people.list')) {
    throw forbidden();
  } else if (filter.tenantId) {
    where.tenantId = filter.tenantId;
  }
  if (filter.personId) where.personId = filter.personId;
  if (!filter.includeInactive) Object.assign(where, activeGrantWhere());
  const grants = await Grant.findAll({
    where,
    order: [
      ['revokedAt', 'DESC NULLS FIRST'],
      ['grantedAt', 'DESC'],
    ],
  });
  return grants.map((g) => g.get({ plain: true }));
}

/** Active site roles as a people × sites table, for the matrix screen. */
export async function grantMatrix(ctx: ActionContext, personIds: number[], tenantIds: number[]) {
  if (!can(ctx.actor, 'grants.manage')) throw forbidden();
  if (personIds.length === 0 || tenantIds.length === 0) return new Map<string, Role[]>();
  const grants = await Grant.findAll({
    where: { personId: { [Op.in]: personIds }, tenantId: { [Op.in]: tenantIds }, ...activeGrantWhere() },
    attributes: ['personId', 'tenantId', 'role'],
  });
  const cells = new Map<string, Role[]>();
  for (const g of grants) {
    const key = `${g.personId}:${g.tenantId}`;
    cells.set(key, [...(cells.get(key) ?? []), g.role]);
  }
  return cells;
}
