import { Sequelize } from 'sequelize';
import type { Logger } from 'pino';

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  logger?: Logger;
}

/** One Sequelize instance per process, Postgres only. Models are registered by the caller. */
export function createSequelize(opts: DatabaseOptions): Sequelize {
  return new Sequelize(opts.url, {
    dialect: 'postgres',
    logging: opts.logger ? (sql) => opts.logger!.trace({ sql }, 'sql') : false,
    pool: { min: 0, max: opts.poolMax ?? 10, idle: 10_000, acquire: 15_000 },
    define: { underscored: true, timestamps: true },
  });
}
