import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { required, withDefault } from '../db/columns';
import type { BoardPosition, Role } from './roles';

/** A role given to a person, on one site or (tenantId null) on the whole platform. */
export class Grant extends Model<InferAttributes<Grant>, InferCreationAttributes<Grant>> {
  declare id: CreationOptional<number>;
  declare personId: number;
  declare tenantId: number | null;
  declare role: Role;
  declare boardPosition: BoardPosition | null;
  declare grantedBy: number | null;
  declare grantedAt: CreationOptional<Date>;
  declare expiresAt: Date | null;
  declare revokedBy: number | null;
  declare revokedAt: Date | null;
  declare revokeReason: string | null;
}

/** The row of a grant that no one signed in gave (setup, the demo): no granter, no expiry. */
export function systemGrant(
  personId: number,
  role: Role,
  tenantId: number | null = null,
  boardPosition: BoardPosition | null = null,
): Omit<InferCreationAttributes<Grant>, 'id' | 'grantedAt'> {
  return {
    personId,
    tenantId,
    role,
    boardPosition,
    grantedBy: null,
    expiresAt: null,
    revokedBy: null,
    revokedAt: null,
    revokeReason: null,
  };
}

export function initGrantModel(sequelize: Sequelize) {
  Grant.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      personId: required(DataTypes.INTEGER),
      tenantId: DataTypes.INTEGER,
      role: required(DataTypes.TEXT),
      boardPosition: DataTypes.TEXT,
      grantedBy: DataTypes.INTEGER,
      grantedAt: withDefault(DataTypes.DATE, DataTypes.NOW),
      expiresAt: DataTypes.DATE,
      revokedBy: DataTypes.INTEGER,
      revokedAt: DataTypes.DATE,
      revokeReason: DataTypes.TEXT,
    },
    { sequelize, tableName: 'grants', underscored: true, timestamps: false },
  );
}
