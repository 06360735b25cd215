// The antivirus hook without real ClamAV signatures (no network for freshclam here): stand-in
// scanners, written by the test, behave like clamscan/clamdscan with `--no-summary -` — the file
// on stdin, "stdin: <name> FOUND" and exit 1 for content with the EICAR test string, exit 0
// otherwise — and others fail (exit 2, hang, missing) so the fail-closed path is exercised.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../server/config';
import { clamScanner, configureVirusScan, scanUpload, ScanFailedError } from '../../../server/media/virus-scan';

// Built from two halves so that this file itself is not the test signature.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-clam-'));
const script = (name: string, body: string, mode = 0o700) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
};
const FAKE = script(
  'fake-clamdscan',
  `[ "$1" = "--no-summary" ] && [ "$2" = "-" ] || { echo "ERROR: unexpected arguments: $*" >&2; exit 2; }
if grep -aqF 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'; then echo 'stdin: Eicar-Test-Signature FOUND'; exit 1; fi
echo 'stdin: OK'; exit 0`,
);
const BROKEN = script(
  'broken',
  `cat >/dev/null; echo "ERROR: Could not connect to clamd on LocalSocket /run/clamd.ctl" >&2; exit 2`,
);
// The shell waits on a child that outlives it: the pipes stay open after the shell is killed.
const HANGING = script('hanging', 'sleep 10');
const SILENT_ONE = script('exit-one', 'cat >/dev/null; exit 1');
const NOT_EXECUTABLE = script('not-executable', 'exit 0', 0o600);

afterAll(() => {
  configureVirusScan({ virusScan: null }, quiet());
  fs.rmSync(dir, { recursive: true, force: true });
});

const quiet = () => ({ info: jest.fn(), warn: jest.fn() });
const clean = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('clamScanner', () => {
  const fake = clamScanner({ path: FAKE, timeoutMs: 5_000 });

  test('clean content is clean; the EICAR string is found, with the name the scanner gave', async () => {
    await expect(fake.scan(clean)).resolves.toEqual({ infected: false });
    await expect(fake.scan(Buffer.concat([clean, Buffer.from(EICAR)]))).resolves.toEqual({
      infected: true,
      signature: 'Eicar-Test-Signature',
    });
  });

  test('the whole file goes to the scanner, not only its start', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x20);
    await expect(fake.scan(big)).resolves.toEqual({ infected: false });
    await expect(fake.scan(Buffer.concat([big, Buffer.from(EICAR)]))).resolves.toMatchObject({ infected: true });
  });

  test('an error exit, exit 1 without a FOUND line, or a missing binary is a failure, not an answer', async () => {
    await expect(clamScanner({ path: BROKEN, timeoutMs: 5_000 }).scan(clean)).rejects.toThrow(
      /exit 2: ERROR: Could not connect to clamd/,
    );
    await expect(clamScanner({ path: SILENT_ONE, timeoutMs: 5_000 }).scan(clean)).rejects.toBeInstanceOf(
      ScanFailedError,
    );
    await expect(clamScanner({ path: path.join(dir, 'nowhere'), timeoutMs: 5_000 }).scan(clean)).rejects.toThrow(
      ScanFailedError,
    );
  });

  test('a scanner that does not answer in time is a failure at its deadline', async () => {
    const started = Date.now();
    await expect(clamScanner({ path: HANGING, timeoutMs: 500 }).scan(clean)).rejects.toThrow(/no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('scanUpload', () => {
  test('not configured: nothing is scanned, every upload is clean', async () => {
    configureVirusScan(loadConfig({}), quiet());
    await expect(scanUpload(Buffer.from(EICAR), {})).resolves.toBe('clean');
  });

  test('configured: clean, infected (logged) or failed (logged as a warning)', async () => {
    const log = quiet();
    configureVirusScan(loadConfig({ CLAMSCAN_PATH: FAKE }), log);
    expect(log.info).toHaveBeenCalledWith({ scanner: FAKE }, 'uploads are scanned for viruses');
    await expect(scanUpload(clean, { siteId: 1 })).resolves.toBe('clean');
    expect(log.warn).not.toHaveBeenCalled();
    await expect(scanUpload(Buffer.from(EICAR), { siteId: 1 })).resolves.toBe('infected');
    expect(log.warn).toHaveBeenLastCalledWith(
      expect.objectContaining({ siteId: 1, signature: 'Eicar-Test-Signature' }),
      'upload refused: virus found',
    );

    configureVirusScan(loadConfig({ CLAMSCAN_PATH: HANGING, CLAMSCAN_TIMEOUT_MS: '1000' }), log);
    await expect(scanUpload(clean, { siteId: 2 })).resolves.toBe('failed');
    expect(log.warn).toHaveBeenLastCalledWith(
      expect.objectContaining({ siteId: 2, err: expect.any(ScanFailedError) }),
      'upload refused: the virus scan failed',
    );
    configureVirusScan(loadConfig({ CLAMSCAN_PATH: BROKEN }), log);
    await expect(scanUpload(clean, { siteId: 3 })).resolves.toBe('failed');
  });
});

describe('configuration', () => {
  test('unset: no scanner; set: the binary and a deadline of 60 s unless given', () => {
    expect(loadConfig({}).virusScan).toBeNull();
    expect(loadConfig({ CLAMSCAN_PATH: FAKE }).virusScan).toEqual({ path: FAKE, timeoutMs: 60_000 });
    expect(loadConfig({ CLAMSCAN_PATH: FAKE, CLAMSCAN_TIMEOUT_MS: '15000' }).virusScan).toEqual({
      path: FAKE,
      timeoutMs: 15_000,
    });
  });

  test.each([
    ['CLAMSCAN_PATH', 'clamdscan', /absolute path/],
    ['CLAMSCAN_PATH', '/nonexistent/clamdscan', /executable file/],
    ['CLAMSCAN_PATH', NOT_EXECUTABLE, /executable file/],
    ['CLAMSCAN_PATH', dir, /executable file/],
    ['CLAMSCAN_TIMEOUT_MS', '999', /whole number of milliseconds/],
    ['CLAMSCAN_TIMEOUT_MS', 'soon', /whole number of milliseconds/],
  ])('%s=%s is refused', (name, value, message) => {
    const env = { CLAMSCAN_PATH: FAKE, [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
