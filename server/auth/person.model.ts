import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

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
      email: { type: DataTypes.TEXT, allowNull: false },
      fullName: { type: DataTypes.TEXT, allowNull: false },
      unit: DataTypes.TEXT,
      phone: DataTypes.TEXT,
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'active' },
      passwordHash: DataTypes.TEXT,
      mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      totpSecret: DataTypes.TEXT,
      totpEnabledAt: DataTypes.DATE,
      totpLastStep: DataTypes.INTEGER,
      recoveryCodes: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      sessionsValidAfter: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      lastSignInAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'people', underscored: true },
  );
}
