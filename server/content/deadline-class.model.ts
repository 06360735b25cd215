import {
  DataTypes,
  Model,
  Op,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
  type Transaction,
} from 'sequelize';
import { required } from '../db/columns';

/** How a deadline is counted (server/calendar/working-calendar.ts). */
export type DeadlineUnit = 'working_days' | 'calendar_days' | 'same_day' | 'none';

/** An Art 7 deadline class, valid over a period (operators edit them; rules change by date). */
export class DeadlineClass extends Model<InferAttributes<DeadlineClass>, InferCreationAttributes<DeadlineClass>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare unit: DeadlineUnit;
  declare amount: number;
  declare validFrom: CreationOptional<string>;
  declare validTo: string | null;
}

export function initDeadlineClassModel(sequelize: Sequelize) {
  DeadlineClass.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      code: required(DataTypes.TEXT),
      name: required(DataTypes.TEXT),
      unit: required(DataTypes.TEXT),
      amount: required(DataTypes.INTEGER),
      validFrom: required(DataTypes.DATEONLY),
      validTo: DataTypes.DATEONLY,
    },
    { sequelize, tableName: 'deadline_classes', underscored: true },
  );
}

/** The version of a class in force on a day. */
export function deadlineClassOn(code: string, day: string, transaction?: Transaction) {
  return DeadlineClass.findOne({
    where: { code, validFrom: { [Op.lte]: day }, [Op.or]: [{ validTo: null }, { validTo: { [Op.gte]: day } }] },
    order: [['validFrom', 'DESC']],
    transaction,
  });
}
