// PGlite is a single-session database; pglite-socket multiplexes client connections onto it.
// Check that Sequelize pools of 1 to 5 work and that transactions stay serialised.
// The database is started by test/support/embedded-setup.ts.
import { createSequelize } from '../../server/db/sequelize';

const db = { url: process.env.EMBEDDED_TEST_URL! };

describe.each([1, 2, 5])('a Sequelize pool of %i', (poolMax) => {
  const table = `counter_${poolMax}`;

  test('concurrent read-modify-write transactions lose no update', async () => {
    const s = createSequelize({ url: db.url, poolMax });
    try {
      await s.query(`CREATE TABLE ${table} (n int NOT NULL); INSERT INTO ${table} VALUES (0)`);
      await Promise.all(
        Array.from({ length: 25 }, () =>
          s.transaction(async (transaction) => {
            const [rows] = (await s.query(`SELECT n FROM ${table}`, { transaction })) as [{ n: number }[], unknown];
            await new Promise((r) => setTimeout(r, 2));
            await s.query(`UPDATE ${table} SET n = ${rows[0]!.n + 1}`, { transaction });
          }),
        ),
      );
      const [[row]] = (await s.query(`SELECT n FROM ${table}`)) as [{ n: number }[], unknown];
      expect(row!.n).toBe(25);
    } finally {
      await s.close();
    }
  });

  test('a failed transaction rolls back and does not block the others', async () => {
    const s = createSequelize({ url: db.url, poolMax });
    try {
      await s.query(`CREATE TABLE IF NOT EXISTS rb_${poolMax} (v text UNIQUE)`);
      const failing = s.transaction(async (transaction) => {
        await s.query(`INSERT INTO rb_${poolMax} VALUES ('a')`, { transaction });
        await s.query(`INSERT INTO rb_${poolMax} VALUES ('a')`, { transaction }); // unique violation
      });
      const others = Array.from({ length: 5 }, (_, i) => s.query(`INSERT INTO rb_${poolMax} VALUES ('x${i}')`));
      await expect(failing).rejects.toThrow();
      await Promise.all(others);
      const [rows] = (await s.query(`SELECT v FROM rb_${poolMax} ORDER BY v`)) as [{ v: string }[], unknown];
      expect(rows.map((r) => r.v)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    } finally {
      await s.close();
    }
  });
});
