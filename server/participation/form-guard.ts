// Guards of the public forms, which anonymous visitors fill in: a self-hosted arithmetic challenge
// (no third-party captcha), a honeypot, a minimum fill time, one answer per token, and CSRF protection
// without a session: the form's signed token names a nonce that must come back in a SameSite=Strict
// cookie, which another site cannot send or read. Rate limits per IP live in the shared cache.
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Cache } from '../cache/cache';
import { AppError } from '../core/errors';
import { cookieOf } from '../core/cookies';

export const FORM_COOKIE = 'cong.form';
export const HONEYPOT_FIELD = 'website';
const MAX_AGE_MS = 2 * 3600_000;
const MIN_FILL_MS = 2_000;

/** Why a posted form was refused: at the challenge's field, or ('_') about the whole form. */
export interface Refusal {
  field: '_' | 'challenge';
  message: string;
}
const whole = (message: string): Refusal => ({ field: '_', message });

const NUMBER_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

export interface Challenge {
  token: string;
  nonce: string;
  question: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

export class FormGuard {
  constructor(
    private readonly secret: string,
    private readonly cache: Cache,
  ) {}

  private sign(payload: string) {
    return crypto.createHmac('sha256', this.secret).update(`form:${payload}`).digest('base64url');
  }

  /**
   * A new challenge for a form of the given site. The nonce goes in the visitor's cookie; a visitor
   * who already has one keeps it, so that forms open in two tabs both stay valid.
   */
  issue(siteId: number, now = Date.now(), nonce = crypto.randomBytes(16).toString('base64url')): Challenge {
    const a = crypto.randomInt(1, 10);
    const b = crypto.randomInt(1, 10);
    const answer = this.sign(`${nonce}:${a + b}`).slice(0, 16);
    const payload = b64(JSON.stringify({ s: siteId, t: now, n: nonce, h: answer }));
    return {
      token: `${payload}.${this.sign(payload)}`,
      nonce,
      question: `${NUMBER_WORDS[a]} cộng ${NUMBER_WORDS[b]} bằng bao nhiêu? (ghi bằng chữ số)`.replace(/^./, (c) =>
        c.toUpperCase(),
      ),
    };
  }

  /**
   * Checks a posted form. Returns why it is refused, for the visitor (the form is shown again with
   * what they typed), or null when the form may be accepted. A token is accepted once only.
   */
  async check(
    siteId: number,
    fields: { token: unknown; answer: unknown; honeypot: unknown },
    cookieNonce: string | undefined,
    now = Date.now(),
  ): Promise<Refusal | null> {
    if (typeof fields.honeypot === 'string' && fields.honeypot.trim() !== '')
      return whole('Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
    const [payload, sig] = typeof fields.token === 'string' ? fields.token.split('.') : [];
    const expected = payload ? this.sign(payload) : '';
    if (
      !payload ||
      !sig ||
      sig.length !== expected.length ||
      !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
    )
      return whole('Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
    let p: { s: number; t: number; n: string; h: string };
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof p;
    } catch {
      return whole('Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
    }
    if (p.s !== siteId) return whole('Biểu mẫu không thuộc trang này. Vui lòng tải lại trang và gửi lại.');
    if (!cookieNonce || cookieNonce !== p.n)
      return whole('Trình duyệt chưa gửi kèm cookie của biểu mẫu. Hãy bật cookie cho trang này rồi gửi lại.');
    if (now - p.t > MAX_AGE_MS) return whole('Biểu mẫu đã hết hạn (quá 2 giờ). Vui lòng kiểm tra lại và gửi lại.');
    if (now - p.t < MIN_FILL_MS) return whole('Biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại và gửi lại.');
    // One answer per token, right or wrong: the token is burnt before its answer is looked at, so
    // a token cannot be used to try the possible answers one after another.
    if (!(await this.burn(sig)))
      return whole(
        'Biểu mẫu này đã được gửi một lần. Nếu bạn đã nhận mã tra cứu, ý kiến đã được tiếp nhận; nếu chưa, vui lòng trả lời câu hỏi mới bên dưới rồi gửi lại.',
      );
    const answer = typeof fields.answer === 'string' ? fields.answer.trim() : '';
    if (answer === '')
      return { field: 'challenge', message: 'Chưa trả lời câu hỏi kiểm tra. Vui lòng trả lời câu hỏi mới bên dưới.' };
    if (!/^\d{1,2}$/.test(answer) || this.sign(`${p.n}:${Number(answer)}`).slice(0, 16) !== p.h)
      return { field: 'challenge', message: 'Câu trả lời kiểm tra chưa đúng. Vui lòng trả lời câu hỏi mới bên dưới.' };
    return null;
  }

  /**
   * Marks a token used, in the shared cache for as long as the token could be valid. False when it
   * was used before. When the cache cannot count, the form is refused (fail safe), as the rate
   * limits are.
   */
  private async burn(tokenId: string): Promise<boolean> {
    try {
      return (await this.cache.incr(`form-used:${tokenId}`, Math.ceil(MAX_AGE_MS / 1000))) === 1;
    } catch {
      throw new AppError('UNAVAILABLE', 503, 'Hệ thống tạm thời không nhận biểu mẫu. Vui lòng thử lại sau ít phút.');
    }
  }
}

/** Sets the form's nonce cookie, on the site's own path, readable by no script. */
export function setFormCookie(res: Response, nonce: string, path: string, secure: boolean) {
  res.cookie(FORM_COOKIE, nonce, { httpOnly: true, sameSite: 'strict', secure, path: path || '/', maxAge: MAX_AGE_MS });
}

export function formCookieOf(req: Request): string | undefined {
  const nonce = cookieOf(req, FORM_COOKIE);
  return nonce && /^[A-Za-z0-9_-]{1,64}$/.test(nonce) ? nonce : undefined;
}

/**
 * Counts one attempt for this IP in a fixed window; throws 429 past the limit. When the cache is
 * down the attempt is refused: a limit that cannot be counted is not skipped.
 */
export async function rateLimit(cache: Cache, bucket: string, ip: string, limit: number, windowSeconds: number) {
  const window = Math.floor(Date.now() / 1000 / windowSeconds);
  let n: number;
  try {
    n = await cache.incr(`rl:${bucket}:${window}:${ip}`, windowSeconds);
  } catch {
    throw new AppError('UNAVAILABLE', 503, 'Hệ thống tạm thời không nhận biểu mẫu. Vui lòng thử lại sau ít phút.');
  }
  if (n > limit)
    throw new AppError(
      'TOO_MANY_REQUESTS',
      429,
      `Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ${Math.ceil(windowSeconds / 60)} phút.`,
    );
}
