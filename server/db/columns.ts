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

/** The bigint id every table starts with. */
export const idColumn = () => ({ ...bigintColumn('id'), primaryKey: true, autoIncrement: true });

/** A NOT NULL column. */
export const required = <T>(type: T) => ({ type, allowNull: false as const });

/** A NOT NULL column with a default. */
export const withDefault = <T, V>(type: T, defaultValue: V) => ({ type, allowNull: false as const, defaultValue });
