// The cached host/path map. Every instance holds the whole index in memory (a few hundred bytes
// a site) and rebuilds it when any site changes; the change is announced on the cache's bus so
// that every instance rebuilds, not just the one that made the change.
import type { Logger } from 'pino';
import type { Cache, Unsubscribe } from '../server/cache/cache';
import { Tenant, TenantAlias, toSite } from './tenant.model';
import { buildTenantIndex, resolveTenant, type Resolution, type TenantIndex } from './resolve-tenant';
import type { Site } from './tenant.types';

export const TENANTS_CHANGED = 'tenants-changed';

export class TenantRegistry {
  private index: TenantIndex;
  private byId = new Map<number, Site>();
  private unsubscribe: Unsubscribe | null = null;
  private loading: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;

  constructor(
    private readonly primaryDomain: string,
    private readonly cache: Cache,
    private readonly logger: Logger,
  ) {
    this.index = buildTenantIndex([], primaryDomain);
  }

  /** Loads every site and starts listening for changes made by any instance. */
  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.cache.subscribe(TENANTS_CHANGED, () => {
      this.reload().catch((err) => this.logger.error({ err }, 'tenant registry reload failed'));
    });
  }

  stop() {
    this.unsubscribe?.();
  }

  /**
   * Rebuilds the index from the database. A load already running may have read the tenants
   * before the change that asks for this reload, so a request made during a load gets one more
   * load after it; all requests made meanwhile share that one.
   */
  reload(): Promise<void> {
    if (this.loading) {
      // Whether the running load succeeds or fails, the follow-up runs.
      this.followUp ??= this.loading
        .catch(() => undefined)
        .then(() => {
          this.followUp = null;
          return this.reload();
        });
      return this.followUp;
    }
    this.loading = this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load() {
    const [tenants, aliases] = await Promise.all([
      Tenant.findAll({ order: [['id', 'ASC']] }),
      TenantAlias.findAll({ attributes: ['host', 'tenantId'] }),
    ]);
    const aliasesOf = new Map<number, string[]>();
    for (const a of aliases) {
      const list = aliasesOf.get(a.tenantId) ?? [];
      list.push(a.host);
      aliasesOf.set(a.tenantId, list);
    }
    const sites = tenants.map((t) => toSite(t, aliasesOf.get(t.id) ?? []));
    this.index = buildTenantIndex(sites, this.primaryDomain);
    this.byId = new Map(sites.map((s) => [s.id, s]));
    this.logger.debug({ sites: sites.length }, 'tenant registry loaded');
  }

  /** Tells every instance (this one included) to rebuild. */
  async announceChange(): Promise<void> {
    await this.reload();
    await this.cache.publish(TENANTS_CHANGED, String(Date.now()));
  }

  resolve(host: string | undefined, path: string): Resolution {
    return resolveTenant(this.index, host, path);
  }

  get(id: number): Site | undefined {
    return this.byId.get(id);
  }

  /** The portal's own root site (the province), if it exists. */
  portal(): Site | undefined {
    return this.index.byAddress.get(this.primaryDomain)?.get('');
  }

  all(): Site[] {
    return [...this.byId.values()];
  }

  get domain() {
    return this.primaryDomain;
  }
}
