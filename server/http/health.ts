import type { Sequelize } from 'sequelize';
import type { Cache } from '../cache/cache';

/** /readyz: can this instance reach its database and its cache right now? */
export async function readiness(sequelize: Sequelize, cache: Cache): Promise<{ ok: boolean; body: string }> {
  const withTimeout = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
  const [db, c] = await Promise.allSettled([
    withTimeout(sequelize.query('SELECT 1'), 2000),
    withTimeout(cache.ping(), 2000),
  ]);
  const database = db.status === 'fulfilled' ? 'ok' : 'unreachable';
  const cacheState = c.status === 'fulfilled' && c.value ? 'ok' : 'unreachable';
  const ok = database === 'ok' && cacheState === 'ok';
  return { ok, body: JSON.stringify({ status: ok ? 'ok' : 'unavailable', database, cache: cacheState }) };
}
