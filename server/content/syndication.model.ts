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
import { idColumn, required, withDefault, bigintColumn } from '../db/columns';

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
      id: idColumn(),
      itemId: { ...bigintColumn('itemId'), allowNull: false },
      sourceTenantId: required(DataTypes.INTEGER),
      targetTenantId: required(DataTypes.INTEGER),
      status: withDefault(DataTypes.TEXT, 'offered'),
      mandatory: withDefault(DataTypes.BOOLEAN, false),
      offeredBy: DataTypes.INTEGER,
      offeredAt: withDefault(DataTypes.DATE, DataTypes.NOW),
      decidedBy: DataTypes.INTEGER,
      decidedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'syndications', underscored: true, timestamps: false },
  );
}
