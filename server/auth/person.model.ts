import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { required, withDefault } from '../db/columns';

export const PERSON_STATUSES = ['active', 'locked', 'disabled'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** A person: one account platform-wide, whatever the number of sites they work on. */
export class Person extends Model<InferAttributes<Person>, InferCreationAttributes<Person>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare fullName: string;
  declare unit: string | null;
  declare phone: string | null;
  declare status: CreationOptional<PersonStatus>;
  declare passwordHash: string | null;
  declare mustChangePassword: CreationOptional<boolean>;
  declare totpSecret: string | null;
  declare totpEnabledAt: Date | null;
  /** The time step of the last TOTP code accepted: no code of that step or before is taken again. */
  declare totpLastStep: CreationOptional<number | null>;
  declare recoveryCodes: CreationOptional<string[]>;
  declare sessionsValidAfter: CreationOptional<Date>;
  declare lastSignInAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPersonModel(sequelize: Sequelize) {
  Person.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: required(DataTypes.TEXT),
      fullName: required(DataTypes.TEXT),
      unit: DataTypes.TEXT,
      phone: DataTypes.TEXT,
      status: withDefault(DataTypes.TEXT, 'active'),
      passwordHash: DataTypes.TEXT,
      mustChangePassword: withDefault(DataTypes.BOOLEAN, true),
      totpSecret: DataTypes.TEXT,
      totpEnabledAt: DataTypes.DATE,
      totpLastStep: DataTypes.INTEGER,
      recoveryCodes: withDefault(DataTypes.ARRAY(DataTypes.TEXT), []),
      sessionsValidAfter: withDefault(DataTypes.DATE, DataTypes.NOW),
      lastSignInAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'people', underscored: true },
  );
}
