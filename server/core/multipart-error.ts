// What a multipart form that multer could not read is answered, for the back office's uploads
// and the citizens' forms alike. multer's own limits come as MulterError; busboy's parse errors
// (a NUL byte or other junk in a part header, a missing boundary, a body cut short) come as plain
// Errors and used to reach the error page as a 500. With bodies held in memory nothing else can
// fail here, so every error is the sender's: a 413 for a file over its limit, else a 400.
import multer from 'multer';
import { AppError } from './errors';

export const FORM_UNREADABLE = 'Biểu mẫu gửi lên không hợp lệ.';

export function multipartError(err: unknown, tooLarge: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
    return new AppError('PAYLOAD_TOO_LARGE', 413, tooLarge);
  return new AppError('BAD_REQUEST', 400, FORM_UNREADABLE, {
    reason: err instanceof Error ? err.message : String(err),
  });
}
