// Reading a request's cookies with the parser Express and express-session use (`cookie`), so
// every reader agrees with them on quoting, encoding and which of two same-named cookies counts
// (the first).
import type { IncomingMessage } from 'node:http';
import { parse } from 'cookie';

/** The value of one cookie of the request, decoded, or undefined. */
export function cookieOf(req: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[name] : undefined;
}
