// Optional antivirus check of uploads with ClamAV. When CLAMSCAN_PATH names `clamdscan` (the
// client of a running clamd: fast) or `clamscan` (loads every signature on each run: slow), the
// bytes of each upload are piped to it on stdin (`-`) after the content checks and before anything
// is stored, so no temporary file is written and clamd needs no access to our files. Exit code 0
// is clean, 1 with a FOUND line is infected; anything else, or no answer in time, is a failure,
// and a failure refuses the upload too (fail closed). Without CLAMSCAN_PATH nothing is scanned.
//
// Why not the `clamscan` npm package: with a local binary it scans files only (streams need a
// clamd socket), it probes binaries and config files at init, and known issues report a stream
// scan that hangs or answers null on a clamd timeout — the opposite of failing closed.
import { spawn } from 'node:child_process';
import type { Logger } from 'pino';
import type { Config } from '../config';

export type ScanResult = { infected: false } | { infected: true; signature: string };
export type ScanVerdict = 'clean' | 'infected' | 'failed';

/** The scanner could not give an answer: it is missing, crashed, erred or took too long. */
export class ScanFailedError extends Error {
  override name = 'ScanFailedError';
}

export interface VirusScanner {
  scan(bytes: Buffer): Promise<ScanResult>;
}

const OUTPUT_MAX = 64 * 1024;

/** A scanner that runs ClamAV's command-line client once per file, the file on its stdin. */
export function clamScanner(opts: { path: string; timeoutMs: number }): VirusScanner {
  return {
    scan: (bytes) =>
      new Promise<ScanResult>((resolve, reject) => {
        const child = spawn(opts.path, ['--no-summary', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let output = '';
        let settled = false;
        const settle = (f: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          f();
        };
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          // A grandchild may still hold the pipes open: let go of them rather than wait.
          for (const s of [child.stdin, child.stdout, child.stderr]) s.destroy();
          settle(() => reject(new ScanFailedError(`no answer within ${opts.timeoutMs} ms`)));
        }, opts.timeoutMs);
        const collect = (chunk: Buffer) => {
          if (output.length < OUTPUT_MAX) output += chunk.toString('utf8');
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.on('error', (err) => settle(() => reject(new ScanFailedError(err.message))));
        child.on('close', (code, signal) =>
          settle(() => {
            const found = /^.*?: (.+) FOUND\s*$/m.exec(output);
            if (code === 0) resolve({ infected: false });
            else if (code === 1 && found) resolve({ infected: true, signature: found[1]!.trim().slice(0, 200) });
            else reject(new ScanFailedError(`exit ${code ?? signal}: ${output.trim().slice(0, 300)}`));
          }),
        );
        // The scanner may stop reading early (it has its answer, or it failed): the broken pipe
        // is not an answer, its exit code is.
        child.stdin.on('error', () => undefined);
        child.stdin.end(bytes);
      }),
  };
}

// Process-wide, set once at start from the configuration: uploads come in through several
// services, and none of them should need to carry the scanner along.
let configured: { scanner: VirusScanner; logger: Pick<Logger, 'info' | 'warn'> } | null = null;

/** Turns the scan of uploads on (CLAMSCAN_PATH set) or off (unset). */
export function configureVirusScan(config: Pick<Config, 'virusScan'>, logger: Pick<Logger, 'info' | 'warn'>) {
  configured = config.virusScan ? { scanner: clamScanner(config.virusScan), logger } : null;
  if (config.virusScan) logger.info({ scanner: config.virusScan.path }, 'uploads are scanned for viruses');
}

/**
 * Scans one upload: "clean" (also when no scanner is configured), "infected", or "failed" when
 * the scanner gave no answer; both of the latter are logged, with `about` saying whose file it was.
 */
export async function scanUpload(bytes: Buffer, about: Record<string, unknown>): Promise<ScanVerdict> {
  if (!configured) return 'clean';
  const { scanner, logger } = configured;
  try {
    const result = await scanner.scan(bytes);
    if (!result.infected) return 'clean';
    logger.warn({ ...about, signature: result.signature, size: bytes.length }, 'upload refused: virus found');
    return 'infected';
  } catch (err) {
    logger.warn({ ...about, err, size: bytes.length }, 'upload refused: the virus scan failed');
    return 'failed';
  }
}
