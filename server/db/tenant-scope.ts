// One model, seen from one site: the site condition is added last to every where, so a caller
// can neither forget it nor override it, and a created row always belongs to the site.
import type {
  Attributes,
  CreationAttributes,
  DestroyOptions,
  FindOptions,
  Model,
  ModelStatic,
  UpdateOptions,
  WhereOptions,
} from 'sequelize';

/** The column that names a row's site; most tables call it tenant_id. */
export type SiteColumn = 'tenantId' | 'sourceTenantId' | 'targetTenantId';

export function scoped<M extends Model, C extends SiteColumn = 'tenantId'>(
  model: ModelStatic<M>,
  tenantId: number,
  column: C = 'tenantId' as C,
) {
  const where = (w: WhereOptions | undefined): WhereOptions<Attributes<M>> =>
    ({ ...(w as object), [column]: tenantId }) as WhereOptions<Attributes<M>>;
  return {
    findAll: (opts: FindOptions<Attributes<M>> = {}) => model.findAll({ ...opts, where: where(opts.where) }),
    findOne: (opts: FindOptions<Attributes<M>> = {}) => model.findOne({ ...opts, where: where(opts.where) }),
    /** By id, and only if the row is the site's: another site's id reads as missing. */
    findByPk: (id: number | string, opts: Omit<FindOptions<Attributes<M>>, 'where'> = {}) =>
      model.findOne({ ...opts, where: where({ id } as WhereOptions) }),
    count: (opts: Omit<FindOptions<Attributes<M>>, 'group'> = {}) =>
      model.count({ ...opts, where: where(opts.where) } as never) as unknown as Promise<number>,
    findAndCountAll: (opts: FindOptions<Attributes<M>> = {}) =>
      model.findAndCountAll({ ...opts, where: where(opts.where) }),
    create: (values: Omit<CreationAttributes<M>, C>, opts: Parameters<ModelStatic<M>['create']>[1] = {}) =>
      model.create({ ...values, [column]: tenantId } as CreationAttributes<M>, opts),
    update: (
      values: Partial<Attributes<M>>,
      opts: Omit<UpdateOptions<Attributes<M>>, 'where'> & { where: WhereOptions },
    ) => model.update(values, { ...opts, where: where(opts.where) }),
    destroy: (opts: Omit<DestroyOptions<Attributes<M>>, 'where'> & { where: WhereOptions }) =>
      model.destroy({ ...opts, where: where(opts.where) }),
  };
}
