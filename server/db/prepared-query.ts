// A named prepared statement on one of Sequelize's own pooled connections. Postgres parses and
// plans a named statement once per connection and then only executes it; for the hottest public
// read (an item page) the planning cost more than the read itself. Sequelize cannot name its
// statements, so this takes a connection from its pool (the replica pool when the read allows
// it) and asks `pg` directly. Only for reads whose SQL is a constant: the name stands for the text.
import type { Client } from 'pg';
import type { Sequelize } from 'sequelize';

const DUPLICATE_PREPARED_STATEMENT = '42P05';
/**
 * Servers whose client connections share one session (the embedded PGlite behind pglite-socket):
 * a second connection cannot prepare a name the first one did, so their statements go unnamed.
 */
const sharedSession = new WeakSet<Sequelize>();

export async function preparedQuery<T>(
  sequelize: Sequelize,
  statement: { name: string; text: string },
  values: unknown[],
  reads: { useMaster: boolean },
): Promise<T[]> {
  const pool = sequelize.connectionManager;
  // 'SELECT' is what the pool tests to pick the read pool (its typings say 'read').
  const options = { type: 'SELECT', useMaster: reads.useMaster } as unknown as { type: 'read' };
  const connection = (await pool.getConnection(options)) as unknown as Client;
  try {
    if (!sharedSession.has(sequelize)) {
      try {
        return (await connection.query<T & object>({ name: statement.name, text: statement.text, values })).rows;
      } catch (err) {
        if ((err as { code?: string }).code !== DUPLICATE_PREPARED_STATEMENT) throw err;
        sharedSession.add(sequelize);
      }
    }
    return (await connection.query<T & object>({ text: statement.text, values })).rows;
  } finally {
    pool.releaseConnection(connection as never);
  }
}
