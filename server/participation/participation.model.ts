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
import { bigintColumn } from '../db/columns';

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
      id: { ...bigintColumn('id'), primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      itemId: bigintColumn('itemId'),
      trackingCode: { type: DataTypes.TEXT, allowNull: false },
      senderName: { type: DataTypes.TEXT, allowNull: false },
      senderEmail: DataTypes.TEXT,
      senderPhone: DataTypes.TEXT,
      senderAddress: DataTypes.TEXT,
      subject: { type: DataTypes.TEXT, allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: false },
      publicSubject: DataTypes.TEXT,
      publicContent: DataTypes.TEXT,
      attachmentKey: DataTypes.TEXT,
      attachmentName: DataTypes.TEXT,
      attachmentMime: DataTypes.TEXT,
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'received' },
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
      id: { ...bigintColumn('id'), primaryKey: true, autoIncrement: true },
      tenantId: { type: DataTypes.INTEGER, allowNull: false },
      target: { type: DataTypes.TEXT, allowNull: false },
      score: { type: DataTypes.SMALLINT, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ratings', underscored: true, updatedAt: false, createdAt: 'createdAt' },
  );
}
