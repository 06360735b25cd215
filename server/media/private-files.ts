// Files that only the back office reads (the Committee's approval decisions, citizens' attachments): stored under
// DATA_DIR/private with a random name, never under a name the uploader chose, and accepted by
// their content, not their extension.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const MAX_DECISION_BYTES = 10 * 1024 * 1024;

/** True when the bytes are a PDF: the header must come first (a renamed file is refused). */
export const isPdf = (b: Buffer) => b.length > 8 && b.subarray(0, 5).toString('latin1') === '%PDF-';

/** What a private file is for, and the extensions it may have. */
const KINDS = {
  decision: ['pdf'],
  participation: ['pdf', 'jpg', 'png', 'docx', 'odt'],
  export: ['csv', 'xlsx'],
} as const;
export type PrivateKind = keyof typeof KINDS;
const KEY = /^(decision|participation|export)\/[0-9a-f-]{36}\.(pdf|jpg|png|docx|odt|csv|xlsx)$/;
const validKey = (key: string) => {
  const m = KEY.exec(key);
  return !!m && (KINDS[m[1] as PrivateKind] as readonly string[]).includes(m[2]!);
};

export class PrivateFiles {
  constructor(private readonly dir: string) {}

  async save(kind: PrivateKind, bytes: Buffer, ext = 'pdf'): Promise<string> {
    if (!(KINDS[kind] as readonly string[]).includes(ext)) throw new Error(`no ${ext} files for ${kind}`);
    const key = `${kind}/${crypto.randomUUID()}.${ext}`;
    const file = path.join(this.dir, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes, { flag: 'wx', mode: 0o640 });
    return key;
  }

  async remove(key: string): Promise<void> {
    if (validKey(key)) await fs.rm(path.join(this.dir, key), { force: true });
  }

  /** Reads a stored file by its key; keys are only ever ones that save() made. */
  async read(key: string): Promise<Buffer | null> {
    if (!validKey(key)) return null;
    return fs.readFile(path.join(this.dir, key)).catch(() => null);
  }
}
