// The registry must never answer a reload with a load that read the tenants before the change.
import pino from 'pino';
import { MemoryCache } from '../../server/cache/memory-cache';
import { Tenant } from '../../tenants/tenant.model';
import { TenantRegistry } from '../../tenants/tenant-registry';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
beforeAll(async () => (p = await startTestPlatform()));
afterAll(() => p.close());

test('a reload asked for during a stale load runs again after it, and sees the new site', async () => {
  const registry = new TenantRegistry('tuyenquang.localhost', new MemoryCache(), pino({ level: 'silent' }));
  const realFindAll = Tenant.findAll.bind(Tenant);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  const spy = jest.spyOn(Tenant, 'findAll').mockImplementation((async (...args: Parameters<typeof Tenant.findAll>) => {
    const rows = await realFindAll(...args); // read now…
    if (++calls === 1) await gate; // …but answer late: the first load is stale
    return rows;
  }) as typeof Tenant.findAll);
  try {
    const first = registry.reload();
    await new Promise((r) => setTimeout(r, 50)); // the first load has read the table
    const u = uid();
    const t = await Tenant.create({
      slug: `reg-${u}`,
      nameVi: `Trang ${u}`,
      nameEn: null,
      kind: 'ward',
      parentId: null,
      theme: 'coso',
      primaryHost: `reg-${u}.test`,
    });
    const second = registry.reload();
    release();
    await Promise.all([first, second]);
    expect(registry.get(t.id)?.slug).toBe(`reg-${u}`);
  } finally {
    spy.mockRestore();
  }
});
