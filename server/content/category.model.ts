import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

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
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      parentId: DataTypes.INTEGER,
      slug: { type: DataTypes.TEXT, allowNull: false },
      nameVi: { type: DataTypes.TEXT, allowNull: false },
      nameEn: DataTypes.TEXT,
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'categories', underscored: true },
  );
  MenuItem.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      menu: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'main' },
      labelVi: { type: DataTypes.TEXT, allowNull: false },
      labelEn: DataTypes.TEXT,
      target: { type: DataTypes.TEXT, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'menu_items', underscored: true },
  );
}
