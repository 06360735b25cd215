// Brute-force protection: failed sign-ins are counted per account and per IP address in the
// cache (Redis in production, so every instance counts together). Past the limit, sign-in is
// refused until the window ends or an operator unlocks the account. When the cache cannot be
// reached, sign-in is refused: failing open would switch the protection off.
import type { Cache } from '../cache/cache';

export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_SECONDS = 15 * 60;

const accountKey = (email: string) => `login-fail:acct:${email.toLowerCase()}`;
const ipKey = (ip: string) => `login-fail:ip:${ip}`;

export type ThrottleState = 'ok' | 'account-locked' | 'ip-locked' | 'unavailable';

export class LoginThrottle {
  constructor(private readonly cache: Cache) {}

  async state(email: string, ip: string): Promise<ThrottleState> {
    try {
      const [a, i] = await Promise.all([this.cache.get(accountKey(email)), this.cache.get(ipKey(ip))]);
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

  async clear(email: string): Promise<void> {
    await this.cache.del(accountKey(email)).catch(() => undefined);
  }
}
