// The row of a report export job; export.service.ts queues, runs and serves it.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Period } from './period';
import type { ReportScope } from './scope';
import { idColumn, required, withDefault } from '../db/columns';

export class ReportExport extends Model<InferAttributes<ReportExport>, InferCreationAttributes<ReportExport>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare requestedBy: number;
  declare central: boolean;
  declare format: 'csv' | 'xlsx';
  declare params: { period: Period; scope: ReportScope };
  declare status: CreationOptional<'queued' | 'running' | 'done' | 'failed'>;
  declare progress: CreationOptional<number>;
  declare fileKey: string | null;
  declare error: string | null;
  declare createdAt: CreationOptional<Date>;
  declare startedAt: Date | null;
  declare finishedAt: Date | null;
}

export function initReportExportModel(sequelize: Sequelize) {
  ReportExport.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      requestedBy: required(DataTypes.INTEGER),
      central: required(DataTypes.BOOLEAN),
      format: required(DataTypes.TEXT),
      params: required(DataTypes.JSONB),
      status: withDefault(DataTypes.TEXT, 'queued'),
      progress: withDefault(DataTypes.INTEGER, 0),
      fileKey: DataTypes.TEXT,
      error: DataTypes.TEXT,
      createdAt: DataTypes.DATE,
      startedAt: DataTypes.DATE,
      finishedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'report_exports', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
}
