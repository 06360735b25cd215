import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, required, withDefault, bigintColumn } from '../db/columns';

export interface Variant {
  width: number;
  key: string;
  mime: string;
  size: number;
}

/** A file of a site: stored under a random key; the uploader's file name is only a label. */
export class Media extends Model<InferAttributes<Media>, InferCreationAttributes<Media>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare key: string;
  declare originalName: string;
  declare mime: string;
  declare kind: 'image' | 'document' | 'dataset';
  declare size: number;
  declare width: number | null;
  declare height: number | null;
  declare alt: string | null;
  declare variants: CreationOptional<Variant[]>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
}

export function initMediaModel(sequelize: Sequelize) {
  Media.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      key: required(DataTypes.TEXT),
      originalName: required(DataTypes.TEXT),
      mime: required(DataTypes.TEXT),
      kind: required(DataTypes.TEXT),
      size: { ...bigintColumn('size'), allowNull: false },
      width: DataTypes.INTEGER,
      height: DataTypes.INTEGER,
      alt: DataTypes.TEXT,
      variants: withDefault(DataTypes.JSONB, []),
      createdBy: DataTypes.INTEGER,
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'media', underscored: true, updatedAt: false },
  );
}
