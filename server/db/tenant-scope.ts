// Every read of site-owned rows goes through here, so that a query can't forget its tenant:
// the tenant condition is added last and cannot be overridden by the caller's where.
import type { FindOptions, Model, ModelStatic, WhereOptions } from 'sequelize';

export function scoped<M extends Model>(model: ModelStatic<M>, tenantId: number) {
  const where = (w: WhereOptions | undefined): WhereOptions => ({ ...(w as object), tenantId }) as WhereOptions;
  return {
    findAll: (opts: FindOptions = {}) => model.findAll({ ...opts, where: where(opts.where) }),
    findOne: (opts: FindOptions = {}) => model.findOne({ ...opts, where: where(opts.where) }),
    count: (opts: FindOptions = {}) => model.count({ ...opts, where: where(opts.where) } as never),
    findAndCountAll: (opts: FindOptions = {}) => model.findAndCountAll({ ...opts, where: where(opts.where) }),
  };
}
