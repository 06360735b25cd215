// Whether an error is an outage of a backing service (the database, the cache) rather than a
// fault of the request: the error pages and the back office's forms answer it with a 503 and what
// the visitor can do. Nothing was written (a write is one transaction), so a retry is safe.

const DB_DOWN = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
]);
const NET_DOWN =
  /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|Connection is closed|MaxRetriesPerRequest|connect ETIMEDOUT|Stream isn't writeable/;

/** The message for the visitor when `err` is an outage; null for any other error. */
export function outageOf(err: unknown): string | null {
  const e = err as { name?: string; message?: string; original?: { code?: string; message?: string } } | null;
  if (!e || typeof e !== 'object') return null;
  if (
    DB_DOWN.has(e.name ?? '') ||
    (e.name?.startsWith('Sequelize') && NET_DOWN.test(e.original?.message ?? e.message ?? ''))
  )
    return 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Những gì bạn gửi chưa được lưu; vui lòng thử lại sau ít phút.';
  if (e.name === 'MaxRetriesPerRequestError' || NET_DOWN.test(e.message ?? ''))
    return 'Hệ thống tạm thời gián đoạn. Những gì bạn gửi chưa được lưu; vui lòng thử lại sau ít phút.';
  return null;
}
