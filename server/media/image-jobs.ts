// Decoding and re-encoding images is the heaviest work the platform does on request: a 40
// megapixel PNG costs seconds of CPU and over 150 MB. Every image job (the media library, the
// ad banners) goes through one small pool, so that a burst of uploads waits its turn instead of
// taking every core from the pages. (No dependency for this: p-limit is in node_modules only as
// another package's dependency, and a semaphore is a few lines.)
import os from 'node:os';
import sharp from 'sharp';
import type { Config } from '../config';
import { AppError } from '../core/errors';

export const IMAGE_QUEUE_FULL = 'Máy chủ đang bận xử lý ảnh, vui lòng gửi lại sau ít phút.';

export class ImageJobs {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /**
   * `limit` jobs at once; past `maxWaiting` queued, a new job is refused with a 503 (an upload
   * holds its bytes in memory while it waits). `onStart` sees the jobs running, this one included.
   */
  constructor(
    readonly limit: number,
    readonly maxWaiting = 16 * limit,
    private readonly onStart?: (active: number) => void,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number ≥ 1');
  }

  get running() {
    return this.active;
  }
  get queued() {
    return this.waiting.length;
  }

  /** Runs `job` when a place is free; its result or error is the caller's. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) throw new AppError('IMAGE_QUEUE_FULL', 503, IMAGE_QUEUE_FULL);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    // A place handed over by a finishing job is already counted for this one.
    try {
      this.onStart?.(this.active);
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

// Process-wide like the CPU it shares out; set at start from IMAGE_JOBS (services may be given
// their own pool, as tests do).
let shared = new ImageJobs(1);

export const imageJobs = () => shared;

/**
 * IMAGE_JOBS jobs at once, and libvips' threads per job limited so that one job leaves a core to
 * the pages on a machine with more than one.
 */
export function configureImageJobs(config: Pick<Config, 'imageJobs'>) {
  if (shared.limit !== config.imageJobs) shared = new ImageJobs(config.imageJobs);
  sharp.concurrency(Math.max(1, os.availableParallelism() - 1));
}
