import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { required, withDefault } from '../server/db/columns';
import type { ContactBlock, Locale, Site, TenantKind, TenantStatus } from './tenant.types';

export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare nameVi: string;
  declare nameEn: string | null;
  declare kind: TenantKind;
  declare parentId: number | null;
  declare status: CreationOptional<TenantStatus>;
  declare theme: string;
  declare themeSettings: CreationOptional<Record<string, unknown>>;
  declare contact: CreationOptional<ContactBlock>;
  declare languages: CreationOptional<Locale[]>;
  declare primaryHost: string | null;
  declare pathPrefix: CreationOptional<string>;
  /** The Committee's decision approving the site (Art 3.2). */
  declare approvalNumber: CreationOptional<string | null>;
  declare approvalDate: CreationOptional<string | null>;
  declare approvalFile: CreationOptional<string | null>;
  /** An operator's explicit exception: approvers of this site may approve their own items. */
  declare selfApproval: CreationOptional<boolean>;
  declare mediaQuotaBytes: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenantAlias extends Model<InferAttributes<TenantAlias>, InferCreationAttributes<TenantAlias>> {
  declare host: string;
  declare tenantId: ForeignKey<number>;
  declare createdAt: CreationOptional<Date>;
}

export function initTenantModels(sequelize: Sequelize) {
  Tenant.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      slug: required(DataTypes.TEXT),
      nameVi: required(DataTypes.TEXT),
      nameEn: { type: DataTypes.TEXT },
      kind: required(DataTypes.TEXT),
      parentId: { type: DataTypes.INTEGER },
      status: withDefault(DataTypes.TEXT, 'active'),
      theme: required(DataTypes.TEXT),
      themeSettings: withDefault(DataTypes.JSONB, {}),
      contact: withDefault(DataTypes.JSONB, {}),
      languages: withDefault(DataTypes.ARRAY(DataTypes.TEXT), ['vi']),
      primaryHost: { type: DataTypes.TEXT },
      pathPrefix: withDefault(DataTypes.TEXT, ''),
      approvalNumber: DataTypes.TEXT,
      approvalDate: DataTypes.DATEONLY,
      approvalFile: DataTypes.TEXT,
      selfApproval: withDefault(DataTypes.BOOLEAN, false),
      mediaQuotaBytes: {
        type: DataTypes.BIGINT,
        allowNull: false,
        defaultValue: 2147483648,
        get() {
          return Number(this.getDataValue('mediaQuotaBytes'));
        },
      },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'tenants', underscored: true },
  );
  TenantAlias.init(
    {
      host: { type: DataTypes.TEXT, primaryKey: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'tenant_aliases', underscored: true, updatedAt: false },
  );
  Tenant.hasMany(TenantAlias, { as: 'aliases', foreignKey: 'tenantId' });
  TenantAlias.belongsTo(Tenant, { foreignKey: 'tenantId' });
}

export function toSite(t: Tenant, aliases: string[]): Site {
  return Object.freeze({
    id: t.id,
    slug: t.slug,
    nameVi: t.nameVi,
    nameEn: t.nameEn,
    kind: t.kind,
    parentId: t.parentId,
    status: t.status,
    theme: t.theme,
    themeSettings: Object.freeze({ ...t.themeSettings }),
    contact: Object.freeze({ ...t.contact }),
    languages: Object.freeze([...t.languages]),
    primaryHost: t.primaryHost,
    pathPrefix: t.pathPrefix,
    aliases: Object.freeze([...aliases].sort()),
  });
}
