// The Content-Disposition of every file the platform hands out (public media, citizens'
// attachments, approval decisions, exports): always `attachment`, so a document is saved, never
// opened as a page of the site (a PDF's scripts and forms then run in the reader, not in the
// browser's tab on our origin). The name is given twice (RFC 6266): `filename*` in UTF-8 per
// RFC 8187/5987 ("Quyết định số 12.pdf"), and an ASCII `filename` for old clients
// ("quyet-dinh-so-12.pdf").
import { stripInvisible } from './invisible';
import { slugify } from './slugify';

/** RFC 8187 value-chars: encodeURIComponent leaves `'()*` as they are, which the grammar does not allow. */
const ext5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with the file's name as the visitor knows it. `ext`: the extension of what is
 * served (found from the content), which the name is made to end with, so that a PDF uploaded as
 * "x.html" is saved as "x.html.pdf". A name that is nothing usable becomes "tep".
 */
export function attachmentDisposition(name: string | null | undefined, ext?: string): string {
  // No path, no control, quote, bidirectional or zero-width character: only a plain file name.
  let clean = stripInvisible((name ?? '').normalize('NFC'))
    .replace(/[\p{Cc}"\\/]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 180);
  const suffix = ext ? `.${ext.toLowerCase()}` : '';
  if (!clean || clean === suffix) clean = `tep${suffix}`;
  else if (suffix && !clean.toLowerCase().endsWith(suffix)) clean += suffix;
  const dot = clean.lastIndexOf('.');
  const stem = slugify(dot > 0 ? clean.slice(0, dot) : clean, 100) || 'tep';
  const extension = dot > 0 ? slugify(clean.slice(dot + 1), 10) : '';
  const ascii = extension ? `${stem}.${extension}` : stem;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${ext5987(clean)}`;
}
