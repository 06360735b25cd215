import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Locale } from '../../tenants/tenant.types';

/** A published item of a site. The content module (issue 4) adds kinds, revisions and workflow. */
export class Item extends Model<InferAttributes<Item>, InferCreationAttributes<Item>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare kind: CreationOptional<string>;
  declare locale: CreationOptional<Locale>;
  declare slug: string;
  declare title: string;
  declare summary: string | null;
  declare body: string | null;
  declare author: string | null;
  declare source: string | null;
  declare featured: CreationOptional<boolean>;
  declare publishedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initItemModel(sequelize: Sequelize) {
  Item.init(
    {
      id: {
        type: DataTypes.BIGINT,
        primaryKey: true,
        autoIncrement: true,
        get() {
          return Number(this.getDataValue('id'));
        },
      },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'article' },
      locale: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'vi' },
      slug: { type: DataTypes.TEXT, allowNull: false },
      title: { type: DataTypes.TEXT, allowNull: false },
      summary: DataTypes.TEXT,
      body: DataTypes.TEXT,
      author: DataTypes.TEXT,
      source: DataTypes.TEXT,
      featured: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      publishedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'items', underscored: true },
  );
}
