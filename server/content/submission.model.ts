// The rows of agencies' information handed in (Art 6.2) and of coverage assignments (Art 11.6);
// submissions.service.ts reads and changes them.
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { bigintColumn } from '../db/columns';

export class Submission extends Model<InferAttributes<Submission>, InferCreationAttributes<Submission>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare submittedBy: number | null;
  declare provider: string;
  declare kind: 'signed_document' | 'event_news';
  declare title: string;
  declare note: string | null;
  declare occurredAt: Date;
  declare receivedAt: CreationOptional<Date>;
  declare providerDueAt: Date;
  declare providerLate: boolean;
  declare mediaId: number | null;
  declare status: CreationOptional<'received' | 'converted' | 'rejected'>;
  declare itemId: number | null;
  declare handledBy: number | null;
  declare handledAt: Date | null;
}

export class Assignment extends Model<InferAttributes<Assignment>, InferCreationAttributes<Assignment>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare event: string;
  declare place: string | null;
  declare startsAt: Date;
  declare assigneeId: number;
  declare assignedBy: number | null;
  declare itemId: number | null;
  declare note: string | null;
}

export function initSubmissionModels(sequelize: Sequelize) {
  Submission.init(
    {
      id: { ...bigintColumn('id'), primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      submittedBy: DataTypes.INTEGER,
      provider: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      title: { type: DataTypes.TEXT, allowNull: false },
      note: DataTypes.TEXT,
      occurredAt: { type: DataTypes.DATE, allowNull: false },
      receivedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      providerDueAt: { type: DataTypes.DATE, allowNull: false },
      providerLate: { type: DataTypes.BOOLEAN, allowNull: false },
      mediaId: bigintColumn('mediaId'),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'received' },
      itemId: bigintColumn('itemId'),
      handledBy: DataTypes.INTEGER,
      handledAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'submissions', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
  Assignment.init(
    {
      id: { ...bigintColumn('id'), primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      event: { type: DataTypes.TEXT, allowNull: false },
      place: DataTypes.TEXT,
      startsAt: { type: DataTypes.DATE, allowNull: false },
      assigneeId: { type: DataTypes.INTEGER, allowNull: false },
      assignedBy: DataTypes.INTEGER,
      itemId: bigintColumn('itemId'),
      note: DataTypes.TEXT,
    },
    { sequelize, tableName: 'assignments', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
}
