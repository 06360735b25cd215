import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type DataType,
  type ModelAttributeColumnOptions,
  type Sequelize,
} from 'sequelize';
import { idColumn, required, withDefault, bigintColumn } from '../db/columns';
import type { Locale } from '../../tenants/tenant.types';

/** A published item of a site. The content module (issue 4) adds kinds, revisions and workflow. */
export class Item extends Model<InferAttributes<Item>, InferCreationAttributes<Item>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare kind: CreationOptional<string>;
  declare locale: CreationOptional<Locale>;
  declare slug: string;
  declare title: string;
  declare summary: string | null;
  declare body: string | null;
  declare author: string | null;
  declare source: string | null;
  declare featured: CreationOptional<boolean>;
  declare publishedAt: Date | null;
  declare publication: CreationOptional<Publication>;
  declare reviewState: CreationOptional<ReviewState>;
  declare liveRevisionId: number | null;
  declare workingRevisionId: number | null;
  declare scheduledAt: Date | null;
  declare data: CreationOptional<Record<string, string>>;
  declare categoryIds: CreationOptional<number[]>;
  declare translationOf: number | null;
  declare originalPublishedAt: string | null;
  declare emergency: CreationOptional<boolean>;
  declare receivedAt: CreationOptional<Date>;
  declare deadlineClass: string | null;
  declare dueAt: Date | null;
  declare publishedLate: boolean | null;
  declare createdBy: number | null;
  declare submittedAt: Date | null;
  declare coverMediaId: CreationOptional<number | null>;
  declare attachmentIds: CreationOptional<number[]>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/**
 * What an editor writes, kept per revision and copied onto the item when a revision goes live.
 * The one list: revisions, publication, restoring an old version and the form all use it.
 */
export const CONTENT_FIELDS = [
  'title',
  'summary',
  'body',
  'author',
  'source',
  'originalPublishedAt',
  'data',
  'categoryIds',
  'coverMediaId',
  'attachmentIds',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];
export type ItemContent = Pick<InferAttributes<ItemRevision>, ContentField>;

/** The content fields of a revision (or an item), to copy onto another row. */
export const contentOf = (row: Pick<ItemRevision, ContentField>): ItemContent =>
  Object.fromEntries(CONTENT_FIELDS.map((f) => [f, row[f]])) as unknown as ItemContent;

/** Whether the public sees the item. */
export type Publication = 'unpublished' | 'published' | 'archived';
/** Where the item's working copy stands in review ('none': nothing pending). */
export type ReviewState = 'none' | 'draft' | 'submitted' | 'returned' | 'scheduled';

/** A version of an item as an editor wrote it. */
export class ItemRevision extends Model<InferAttributes<ItemRevision>, InferCreationAttributes<ItemRevision>> {
  declare id: CreationOptional<number>;
  declare itemId: number;
  declare tenantId: number;
  declare number: number;
  declare title: string;
  declare summary: string | null;
  declare body: string | null;
  declare author: string | null;
  declare source: string | null;
  declare originalPublishedAt: string | null;
  declare data: CreationOptional<Record<string, string>>;
  declare categoryIds: CreationOptional<number[]>;
  declare coverMediaId: CreationOptional<number | null>;
  declare attachmentIds: CreationOptional<number[]>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
}

/** One step of the review, with who took it, when, and their comment. */
export class ItemTransition extends Model<InferAttributes<ItemTransition>, InferCreationAttributes<ItemTransition>> {
  declare id: CreationOptional<number>;
  declare itemId: number;
  declare tenantId: number;
  declare revisionId: number | null;
  declare action: string;
  declare fromState: string;
  declare toState: string;
  declare actorId: number | null;
  declare comment: string | null;
  declare at: CreationOptional<Date>;
}

/** The columns of CONTENT_FIELDS, the same on an item and on each of its revisions. */
const contentColumns = (): Record<ContentField, ModelAttributeColumnOptions | DataType> => ({
  title: required(DataTypes.TEXT),
  summary: DataTypes.TEXT,
  body: DataTypes.TEXT,
  author: DataTypes.TEXT,
  source: DataTypes.TEXT,
  originalPublishedAt: DataTypes.DATEONLY,
  data: withDefault(DataTypes.JSONB, {}),
  categoryIds: withDefault(DataTypes.ARRAY(DataTypes.INTEGER), []),
  coverMediaId: { ...bigintColumn('coverMediaId') },
  attachmentIds: {
    type: DataTypes.ARRAY(DataTypes.BIGINT),
    allowNull: false,
    defaultValue: [],
    get(this: Model) {
      return ((this.getDataValue('attachmentIds') as unknown[] | null) ?? []).map(Number);
    },
  },
});

export function initItemModel(sequelize: Sequelize) {
  Item.init(
    {
      id: idColumn(),
      tenantId: required(DataTypes.INTEGER),
      kind: withDefault(DataTypes.TEXT, 'article'),
      locale: withDefault(DataTypes.TEXT, 'vi'),
      slug: required(DataTypes.TEXT),
      ...contentColumns(),
      featured: withDefault(DataTypes.BOOLEAN, false),
      publishedAt: DataTypes.DATE,
      publication: withDefault(DataTypes.TEXT, 'unpublished'),
      reviewState: withDefault(DataTypes.TEXT, 'none'),
      liveRevisionId: { ...bigintColumn('liveRevisionId') },
      workingRevisionId: { ...bigintColumn('workingRevisionId') },
      scheduledAt: DataTypes.DATE,
      translationOf: DataTypes.BIGINT,
      emergency: withDefault(DataTypes.BOOLEAN, false),
      receivedAt: withDefault(DataTypes.DATE, DataTypes.NOW),
      deadlineClass: DataTypes.TEXT,
      dueAt: DataTypes.DATE,
      publishedLate: DataTypes.BOOLEAN,
      createdBy: DataTypes.INTEGER,
      submittedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'items', underscored: true },
  );
  ItemRevision.init(
    {
      id: idColumn(),
      itemId: { ...bigintColumn('itemId'), allowNull: false },
      tenantId: required(DataTypes.INTEGER),
      number: required(DataTypes.INTEGER),
      ...contentColumns(),
      createdBy: DataTypes.INTEGER,
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'item_revisions', underscored: true, updatedAt: false },
  );
  ItemTransition.init(
    {
      id: idColumn(),
      itemId: required(DataTypes.BIGINT),
      tenantId: required(DataTypes.INTEGER),
      revisionId: DataTypes.BIGINT,
      action: required(DataTypes.TEXT),
      fromState: required(DataTypes.TEXT),
      toState: required(DataTypes.TEXT),
      actorId: DataTypes.INTEGER,
      comment: DataTypes.TEXT,
      at: withDefault(DataTypes.DATE, DataTypes.NOW),
    },
    { sequelize, tableName: 'item_transitions', underscored: true, timestamps: false },
  );
}
