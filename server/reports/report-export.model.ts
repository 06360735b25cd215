// The row of a report export job; export.service.ts queues, runs and serves it.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, required, withDefault } from '../db/columns';

/** A report's period, in Vietnam days (server/reports/period.ts makes them). */
export interface Period {
  /** First day, YYYY-MM-DD (Vietnam). */
  from: string;
  /** Last day, included. */
  to: string;
  /** A short name for titles and file names. */
  label: string;
  /** h1-2026, h2-2026, y-2026, or custom. */
  preset: string;
}

/** The sites and kind a report covers. */
export interface ReportScope {
  siteIds: number[];
  /** One content kind, or all. */
  kind?: string;
}

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
