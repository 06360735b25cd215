// Forms that carry files: multer reads the body, then the CSRF token it held is checked (the
// global check skips these routes, since their token cannot be read before the body is).
import type { CsrfSync } from 'csrf-sync';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { multipartError } from '../server/core/multipart-error';
import { AppError } from '../server/core/errors';

export const CSRF_FAILED = 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại.';

/** Reads a multipart form with `upload`, refusing a file over its limit (`tooLarge`) or a bad token. */
export function readMultipart(upload: RequestHandler, csrf: CsrfSync, tooLarge: string) {
  return (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (err: unknown) => {
      if (err) return next(multipartError(err, tooLarge));
      if (!csrf.isRequestValid(req)) return next(new AppError('CSRF', 403, CSRF_FAILED));
      next();
    });
}
