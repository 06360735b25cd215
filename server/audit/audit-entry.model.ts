import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, required, withDefault } from '../db/columns';

/** One line of the append-only audit log (a database trigger refuses UPDATE, DELETE, TRUNCATE). */
export class AuditEntry extends Model<InferAttributes<AuditEntry>, InferCreationAttributes<AuditEntry>> {
  declare id: CreationOptional<number>;
  declare at: CreationOptional<Date>;
  declare actorId: number | null;
  declare actorEmail: string | null;
  declare ip: string | null;
  declare tenantId: number | null;
  declare action: string;
  declare targetType: string | null;
  declare targetId: string | null;
  declare summary: CreationOptional<Record<string, unknown>>;
}

export function initAuditEntryModel(sequelize: Sequelize) {
  AuditEntry.init(
    {
      id: idColumn(),
      at: withDefault(DataTypes.DATE, DataTypes.NOW),
      actorId: DataTypes.INTEGER,
      actorEmail: DataTypes.TEXT,
      ip: DataTypes.TEXT,
      tenantId: DataTypes.INTEGER,
      action: required(DataTypes.TEXT),
      targetType: DataTypes.TEXT,
      targetId: DataTypes.TEXT,
      summary: withDefault(DataTypes.JSONB, {}),
    },
    { sequelize, tableName: 'audit_log', underscored: true, timestamps: false },
  );
}
