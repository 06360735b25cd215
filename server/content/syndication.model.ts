// The row of an item offered by one site to another (syndication); syndication.service.ts reads
// and changes it.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { bigintColumn } from '../db/columns';

export class Syndication extends Model<InferAttributes<Syndication>, InferCreationAttributes<Syndication>> {
  declare id: CreationOptional<number>;
  declare itemId: number;
  declare sourceTenantId: number;
  declare targetTenantId: number;
  declare status: CreationOptional<'offered' | 'accepted' | 'declined'>;
  declare mandatory: CreationOptional<boolean>;
  declare offeredBy: number | null;
  declare offeredAt: CreationOptional<Date>;
  declare decidedBy: number | null;
  declare decidedAt: Date | null;
}

export function initSyndicationModel(sequelize: Sequelize) {
  Syndication.init(
    {
      id: { ...bigintColumn('id'), primaryKey: true, autoIncrement: true },
      itemId: { ...bigintColumn('itemId'), allowNull: false },
      sourceTenantId: { type: DataTypes.INTEGER, allowNull: false },
      targetTenantId: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'offered' },
      mandatory: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      offeredBy: DataTypes.INTEGER,
      offeredAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      decidedBy: DataTypes.INTEGER,
      decidedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'syndications', underscored: true, timestamps: false },
  );
}
