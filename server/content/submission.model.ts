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
import { idColumn, required, withDefault, bigintColumn } from '../db/columns';

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
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      submittedBy: DataTypes.INTEGER,
      provider: required(DataTypes.TEXT),
      kind: required(DataTypes.TEXT),
      title: required(DataTypes.TEXT),
      note: DataTypes.TEXT,
      occurredAt: required(DataTypes.DATE),
      receivedAt: withDefault(DataTypes.DATE, DataTypes.NOW),
      providerDueAt: required(DataTypes.DATE),
      providerLate: required(DataTypes.BOOLEAN),
      mediaId: bigintColumn('mediaId'),
      status: withDefault(DataTypes.TEXT, 'received'),
      itemId: bigintColumn('itemId'),
      handledBy: DataTypes.INTEGER,
      handledAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'submissions', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
  Assignment.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      event: required(DataTypes.TEXT),
      place: DataTypes.TEXT,
      startsAt: required(DataTypes.DATE),
      assigneeId: required(DataTypes.INTEGER),
      assignedBy: DataTypes.INTEGER,
      itemId: bigintColumn('itemId'),
      note: DataTypes.TEXT,
    },
    { sequelize, tableName: 'assignments', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
}
