// One error type for everything the app answers on purpose: a code, an HTTP status and a
// message in Vietnamese. Anything else is a bug, logged in full and answered with a generic 500.

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
