// The S3 adapter against a mocked S3 client (no S3 server on this machine): the requests it
// makes, what it returns, and that it refuses keys it did not make.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3FileStore } from '../../../server/media/s3-file-store';
import { loadConfig } from '../../../server/config';

const s3 = mockClient(S3Client);
const KEY = '12/0b1e7c52-4a2f-4bd4-9a55-7f0a3c1d2e3f.jpg';
beforeEach(() => s3.reset());

const store = () =>
  new S3FileStore(
    { bucket: 'cong-media', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' },
    new S3Client({ region: 'us-east-1' }),
  );

test('put writes the object once (If-None-Match), with its type', async () => {
  s3.on(PutObjectCommand).resolves({});
  await store().put(KEY, Buffer.from('abc'), 'image/jpeg');
  const call = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
  expect(call).toMatchObject({ Bucket: 'cong-media', Key: KEY, ContentType: 'image/jpeg', IfNoneMatch: '*' });
  expect(Buffer.from(call.Body as Buffer).toString()).toBe('abc');
});

test('get returns the bytes, and null for a missing object', async () => {
  s3.on(GetObjectCommand, { Key: KEY }).resolves({
    Body: { transformToByteArray: async () => new Uint8Array([1, 2, 3]) } as never,
  });
  expect([...(await store().get(KEY))!]).toEqual([1, 2, 3]);
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
  expect(await store().get('12/00000000-0000-0000-0000-000000000000.jpg')).toBeNull();
});

test('other errors are not hidden', async () => {
  s3.on(GetObjectCommand).rejects(new Error('AccessDenied'));
  await expect(store().get(KEY)).rejects.toThrow('AccessDenied');
});

test('remove deletes the object; keys it did not make are refused before any request', async () => {
  s3.on(DeleteObjectCommand).resolves({});
  await store().remove(KEY);
  expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'cong-media', Key: KEY });
  for (const bad of ['../../etc/passwd', '12/../../x.jpg', 'a/b.jpg', '']) {
    await expect(store().get(bad)).rejects.toThrow(/unsafe media key/);
  }
  expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
});

test('MEDIA_S3_* configure the bucket; a bad bucket name stops the start', () => {
  expect(loadConfig({}).mediaS3).toBeNull();
  expect(
    loadConfig({
      MEDIA_S3_BUCKET: 'cong-media',
      MEDIA_S3_ENDPOINT: 'http://minio:9000',
      MEDIA_S3_REGION: 'ap-southeast-1',
    }).mediaS3,
  ).toEqual({
    bucket: 'cong-media',
    endpoint: 'http://minio:9000',
    region: 'ap-southeast-1',
    accessKeyId: undefined,
    secretAccessKey: undefined,
  });
  expect(() => loadConfig({ MEDIA_S3_BUCKET: 'Bad_Bucket' })).toThrow(/MEDIA_S3_BUCKET/);
  expect(() => loadConfig({ MEDIA_S3_BUCKET: 'ok-bucket', MEDIA_S3_ENDPOINT: 'ftp://x' })).toThrow(/MEDIA_S3_ENDPOINT/);
});
