import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { required, withDefault } from '../db/columns';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare parentId: number | null;
  declare slug: string;
  declare nameVi: string;
  declare nameEn: string | null;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class MenuItem extends Model<InferAttributes<MenuItem>, InferCreationAttributes<MenuItem>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare menu: CreationOptional<string>;
  declare labelVi: string;
  declare labelEn: string | null;
  /** `category:<slug>`, a path inside the site (`/lien-he`), or an external https URL. */
  declare target: string;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCategoryModels(sequelize: Sequelize) {
  Category.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tenantId: required(DataTypes.INTEGER),
      parentId: DataTypes.INTEGER,
      slug: required(DataTypes.TEXT),
      nameVi: required(DataTypes.TEXT),
      nameEn: DataTypes.TEXT,
      position: withDefault(DataTypes.INTEGER, 0),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'categories', underscored: true },
  );
  MenuItem.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tenantId: required(DataTypes.INTEGER),
      menu: withDefault(DataTypes.TEXT, 'main'),
      labelVi: required(DataTypes.TEXT),
      labelEn: DataTypes.TEXT,
      target: required(DataTypes.TEXT),
      position: withDefault(DataTypes.INTEGER, 0),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'menu_items', underscored: true },
  );
}
