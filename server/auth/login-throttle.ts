// Brute-force protection: failed sign-ins are counted per account and per IP address in the
// cache (Redis in production, so every instance counts together). Past the limit, sign-in is
// refused until the window ends or an operator unlocks the account. When the cache cannot be
// reached, sign-in is refused: failing open would switch the protection off.
import type { Cache } from '../cache/cache';

export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_SECONDS = 15 * 60;

const accountKey = (email: string) => `login-fail:acct:${email.toLowerCase()}`;
// Wrong second-factor codes have their own count, which a correct password never clears: else
// whoever knows the password gets five more guesses at the code each time they type it again.
const secondFactorKey = (email: string) => `login-fail:2fa:${email.toLowerCase()}`;
const ipKey = (ip: string) => `login-fail:ip:${ip}`;

export type ThrottleState = 'ok' | 'account-locked' | 'ip-locked' | 'unavailable';

export class LoginThrottle {
  constructor(private readonly cache: Cache) {}

  async state(email: string, ip: string): Promise<ThrottleState> {
    return this.stateOf(accountKey(email), ip);
  }

  /** Whether a second-factor code may still be tried for this account (and from this address). */
  async secondFactorState(email: string, ip: string): Promise<ThrottleState> {
    return this.stateOf(secondFactorKey(email), ip);
  }

  private async stateOf(key: string, ip: string): Promise<ThrottleState> {
    try {
      const [a, i] = await Promise.all([this.cache.get(key), this.cache.get(ipKey(ip))]);
      if (Number(a?.toString() ?? 0) >= ACCOUNT_LIMIT) return 'account-locked';
      if (Number(i?.toString() ?? 0) >= IP_LIMIT) return 'ip-locked';
      return 'ok';
    } catch {
      return 'unavailable';
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.cache.incr(accountKey(email), WINDOW_SECONDS),
      this.cache.incr(ipKey(ip), WINDOW_SECONDS),
    ]).catch(() => undefined);
  }

  async recordSecondFactorFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.cache.incr(secondFactorKey(email), WINDOW_SECONDS),
      this.cache.incr(ipKey(ip), WINDOW_SECONDS),
    ]).catch(() => undefined);
  }

  /** After a correct password: the password's count only, never the second factor's. */
  async clear(email: string): Promise<void> {
    await this.cache.del(accountKey(email)).catch(() => undefined);
  }

  /** An operator's unlock lifts both. */
  async unlock(email: string): Promise<void> {
    await Promise.all([this.cache.del(accountKey(email)), this.cache.del(secondFactorKey(email))]).catch(
      () => undefined,
    );
  }
}
