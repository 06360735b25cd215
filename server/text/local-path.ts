// The one check for an address that comes from the visitor and is sent back to them: the `next`
// of sign-in and of the hand-over between hosts, the page a rating goes back to, the language
// switch's `from`. It must be a path on this host, read the same way by every browser.
// What browsers do that makes a "path" leave the host: `//host` and `/\host` are addresses of
// another host (a backslash is a slash in http URLs); tabs and newlines are dropped anywhere, so
// `/\t/host` is `//host`; leading spaces and control characters are dropped. Percent-escapes are
// not decoded by the browser, but a proxy or another server may, so `/%5Chost` is refused too.

const MAX_LENGTH = 500;

/** True when `s` can only ever be read as a path of the host it is sent from. */
export function isLocalPath(s: string): boolean {
  if (s.length === 0 || s.length > MAX_LENGTH) return false;
  // As sent: one slash, then not a second slash or a backslash (never a scheme or another host);
  // no backslash, whitespace, control or format character (bidi marks, zero-width) anywhere.
  if (!/^\/(?![/\\])/.test(s) || /[\\\s\p{Cc}\p{Cf}]/u.test(s)) return false;
  // As a server that decodes escapes would read its path, up to three layers deep: still one
  // slash first (tabs and newlines dropped, as a browser drops them), and no backslash or control
  // character. The query cannot change the host, so it may hold anything escaped (`?q=100%25`).
  let path = s.split(/[?#]/, 1)[0]!;
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false; // a bad escape: no page of ours has one
    }
    if (decoded === path) return true;
    if (!/^\/(?![/\\])/.test(decoded.replace(/[\t\n\r]/g, '')) || /[\\\p{Cc}\p{Cf}]/u.test(decoded)) return false;
    path = decoded;
  }
  return false;
}

/** `v` when it is a local path (see `isLocalPath`), else `fallback`. Anything but a string is the fallback. */
export function safeLocalPath(v: unknown, fallback: string): string {
  return typeof v === 'string' && isLocalPath(v) ? v : fallback;
}
