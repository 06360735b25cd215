// The rows of citizens' participation: a submission (question, feedback, comment) and a visitor's
// rating. Reads and changes go through participation.service.ts (submitting and moderating) and
// participation-public.ts (what the sites show).
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, required, withDefault, bigintColumn } from '../db/columns';

export type ParticipationKind = 'question' | 'feedback' | 'comment';
export type ParticipationStatus = 'received' | 'published' | 'rejected';

export class Participation extends Model<InferAttributes<Participation>, InferCreationAttributes<Participation>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare kind: ParticipationKind;
  declare itemId: number | null;
  declare trackingCode: string;
  declare senderName: string;
  declare senderEmail: string | null;
  declare senderPhone: string | null;
  declare senderAddress: string | null;
  declare subject: string;
  declare content: string;
  /** The text the site shows when a moderator edited it before publishing; null: as sent. */
  declare publicSubject: CreationOptional<string | null>;
  declare publicContent: CreationOptional<string | null>;
  declare attachmentKey: string | null;
  declare attachmentName: string | null;
  declare attachmentMime: string | null;
  declare status: CreationOptional<ParticipationStatus>;
  declare routedFrom: number | null;
  declare answer: string | null;
  declare answeredBy: number | null;
  declare answeredAt: Date | null;
  declare rejectReason: string | null;
  declare handledBy: number | null;
  declare handledAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export class Rating extends Model<InferAttributes<Rating>, InferCreationAttributes<Rating>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare target: string;
  declare score: number;
  declare createdAt: CreationOptional<Date>;
}

export function initParticipationModels(sequelize: Sequelize) {
  Participation.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      kind: required(DataTypes.TEXT),
      itemId: bigintColumn('itemId'),
      trackingCode: required(DataTypes.TEXT),
      senderName: required(DataTypes.TEXT),
      senderEmail: DataTypes.TEXT,
      senderPhone: DataTypes.TEXT,
      senderAddress: DataTypes.TEXT,
      subject: required(DataTypes.TEXT),
      content: required(DataTypes.TEXT),
      publicSubject: DataTypes.TEXT,
      publicContent: DataTypes.TEXT,
      attachmentKey: DataTypes.TEXT,
      attachmentName: DataTypes.TEXT,
      attachmentMime: DataTypes.TEXT,
      status: withDefault(DataTypes.TEXT, 'received'),
      routedFrom: DataTypes.INTEGER,
      answer: DataTypes.TEXT,
      answeredBy: DataTypes.INTEGER,
      answeredAt: DataTypes.DATE,
      rejectReason: DataTypes.TEXT,
      handledBy: DataTypes.INTEGER,
      handledAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'participations', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
  Rating.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      target: required(DataTypes.TEXT),
      score: required(DataTypes.SMALLINT),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ratings', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
}
