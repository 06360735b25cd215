import { DataTypes, type Model } from 'sequelize';

/**
 * A BIGINT column read as a JS number: `pg` returns int8 as a string (values past 2^53 would
 * lose precision, which ids and sizes here never reach).
 */
export const bigintColumn = (name: string) => ({
  type: DataTypes.BIGINT,
  get(this: Model) {
    const v = this.getDataValue(name) as string | number | null | undefined;
    return v === null || v === undefined ? v : Number(v);
  },
});
