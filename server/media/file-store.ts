// Where media bytes live: a local directory by default, or an S3-compatible bucket (AWS S3,
// MinIO, Ceph, a provincial data centre's object store) when MEDIA_S3_BUCKET is set. Keys are
// `<site id>/<uuid>.<ext>`, made by the media service, never by a user. The S3 store is in
// s3-file-store.ts, loaded only when configured (the SDK alone cost a tenth of a second at start).
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
}

export const SAFE_KEY = /^\d+\/[0-9a-f-]{36}\.[a-z0-9]{2,5}$/;
export function checked(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe media key: ${key}`);
  return key;
}

export class LocalFileStore implements FileStore {
  constructor(readonly dir: string) {}
  async put(key: string, bytes: Buffer) {
    const full = path.join(this.dir, checked(key));
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, bytes, { flag: 'wx' });
  }
  async get(key: string) {
    return fs.readFile(path.join(this.dir, checked(key))).catch(() => null);
  }
  async remove(key: string) {
    await fs.rm(path.join(this.dir, checked(key)), { force: true });
  }
}
