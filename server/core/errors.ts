// Errors the app answers on purpose, at the bottom of every layer: a code, an HTTP status and a
// message in Vietnamese, with one factory per kind. Anything else is a bug, logged in full and
// answered with a generic 500.
import type { z } from 'zod';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message = 'Không tìm thấy trang') => new AppError('NOT_FOUND', 404, message);
export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_REQUEST', 400, message, details);
export const forbidden = (message = 'Bạn không có quyền thực hiện việc này.') =>
  new AppError('FORBIDDEN', 403, message);

/** Input refused field by field: each field's message, shown beside it on the form. */
export class ValidationError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super('VALIDATION', 422, Object.values(fields)[0] ?? 'Dữ liệu không hợp lệ', { fields });
  }
}

/** The first message for each field of a failed parse ('_' for the whole input). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of error.issues) fields[i.path.join('.') || '_'] ??= i.message;
  return fields;
}

export function parseOrThrow<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new ValidationError(fieldErrors(r.error));
}
