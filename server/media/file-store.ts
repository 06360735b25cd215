// Where media bytes live: a local directory by default, or an S3-compatible bucket (AWS S3,
// MinIO, Ceph, a provincial data centre's object store) when MEDIA_S3_BUCKET is set. Keys are
// `<site id>/<uuid>.<ext>`, made by the media service, never by a user.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface FileStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
}

const SAFE_KEY = /^\d+\/[0-9a-f-]{36}\.[a-z0-9]{2,5}$/;
function checked(key: string): string {
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

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (bucket in the path), which MinIO and most self-hosted stores need. */
  forcePathStyle?: boolean;
}

export class S3FileStore implements FileStore {
  readonly client: S3Client;
  constructor(
    private readonly opts: S3Options,
    client?: S3Client,
  ) {
    this.client =
      client ??
      new S3Client({
        region: opts.region,
        endpoint: opts.endpoint,
        forcePathStyle: opts.forcePathStyle ?? !!opts.endpoint,
        credentials:
          opts.accessKeyId && opts.secretAccessKey
            ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
            : undefined,
      });
  }
  async put(key: string, bytes: Buffer, contentType: string) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: checked(key),
        Body: bytes,
        ContentType: contentType,
        IfNoneMatch: '*',
      }),
    );
  }
  async get(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: checked(key) }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      if (
        err instanceof NoSuchKey ||
        (err as { name?: string }).name === 'NoSuchKey' ||
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      )
        return null;
      throw err;
    }
  }
  async remove(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: checked(key) }));
  }
}
