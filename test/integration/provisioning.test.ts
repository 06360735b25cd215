import { ProvisioningError, setSiteStatus } from '../../tenants/provisioning';
import { Tenant } from '../../tenants/tenant.model';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
beforeAll(async () => {
  p = await startTestPlatform();
  await p.createSite({
    slug: `giu-${u}`,
    nameVi: `Trang giữ chỗ ${u}`,
    kind: 'department',
    theme: 'coso',
    primaryHost: `giu-${u}.test`,
    aliases: [`bidanh-${u}.test`],
  });
  await p.createSite({
    slug: `tien-to-${u}`,
    nameVi: `Trang tiền tố ${u}`,
    kind: 'ward',
    theme: 'coso',
    primaryHost: `goc-${u}.test`,
    pathPrefix: '/phuong',
  });
});
afterAll(() => p.close());

const refused = async (input: Parameters<TestPlatform['createSite']>[0], field: string, message: RegExp) => {
  const before = await Tenant.count();
  const err = await p.createSite(input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProvisioningError);
  expect((err as ProvisioningError).field).toBe(field);
  expect((err as Error).message).toMatch(message);
  expect(await Tenant.count()).toBe(before); // nothing half-written
};

describe('creating a site', () => {
  const base = () => ({
    slug: `moi-${uid()}`,
    nameVi: 'Trang mới',
    kind: 'commune' as const,
    theme: 'coso',
    primaryHost: `moi-${uid()}.test`,
  });

  test('stores names in NFC', async () => {
    const nfd = 'Xã Tân Trào'.normalize('NFD');
    const t = await p.createSite({ ...base(), nameVi: nfd });
    expect(t.nameVi).toBe('Xã Tân Trào'.normalize('NFC'));
    expect(t.nameVi).not.toBe(nfd);
  });

  test('a taken slug names the site that holds it', () =>
    refused({ ...base(), slug: `giu-${u}` }, 'slug', new RegExp(`đã được dùng cho trang "Trang giữ chỗ ${u}"`)));
  test('a taken address names the site that holds it', () =>
    refused(
      { ...base(), primaryHost: `goc-${u}.test`, pathPrefix: '/phuong' },
      'pathPrefix',
      new RegExp(`Trang tiền tố ${u}`),
    ));
  test('a host that is another site’s alias is refused', () =>
    refused(
      { ...base(), primaryHost: `bidanh-${u}.test` },
      'primaryHost',
      new RegExp(`tên miền phụ của trang "Trang giữ chỗ ${u}"`),
    ));
  test('an alias that is another site’s primary host is refused', () =>
    refused({ ...base(), aliases: [`giu-${u}.test`] }, 'aliases', new RegExp(`Trang giữ chỗ ${u}`)));
  test('an alias that is another site’s alias is refused', () =>
    refused({ ...base(), aliases: [`bidanh-${u}.test`] }, 'aliases', new RegExp(`Trang giữ chỗ ${u}`)));
  test.each([
    ['slug', { slug: 'Có Dấu' }, /chữ thường không dấu/],
    ['nameVi', { nameVi: '' }, /bắt buộc/],
    ['kind', { kind: 'village' }, /loại đơn vị/],
    ['primaryHost', { primaryHost: 'http://x.vn/' }, /tên miền hợp lệ/],
    ['pathPrefix', { pathPrefix: 'khong-gach' }, /bắt đầu bằng/],
    ['pathPrefix', { pathPrefix: '/admin' }, /dành riêng/],
    ['pathPrefix', { pathPrefix: '/en' }, /dành riêng/],
    ['languages', { languages: ['en'] }, /tiếng Việt/],
    ['theme', { theme: 'khong-co' }, /Không có giao diện/],
    ['contact.email', { contact: { email: 'khong-phai-email' } }, /e-mail/],
  ])('a bad %s is refused with a Vietnamese message', (field, over, message) =>
    refused({ ...base(), ...(over as object) } as never, field, message),
  );
  test('a sub-site on the portal host needs a path prefix', () =>
    refused({ ...base(), primaryHost: null }, 'pathPrefix', /tiền tố/));
});

test('status changes are validated', async () => {
  const deps = { sequelize: p.sequelize, registry: p.registry, cache: p.cache, themeNames: ['tinh', 'coso'] };
  await expect(setSiteStatus(deps, 999_999_999, 'suspended')).rejects.toThrow(/Không tìm thấy/);
  await expect(setSiteStatus(deps, 1, 'closed' as never)).rejects.toThrow(/không hợp lệ/);
});
