// The review workflow as the regulation wants it (Art 11.3): writers submit, approvers of the
// site or the Board approve, nothing goes out unmoderated; scheduled items go out once.
import { actorFrom, type Actor } from '../../server/auth/access';
import { Grant } from '../../server/auth/grant.model';
import { Person } from '../../server/auth/person.model';
import type { Role } from '../../server/auth/roles';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import { Category } from '../../server/content/category.model';
import {
  createItem,
  loadItem,
  publishDueItems,
  restoreRevision,
  reviewQueue,
  saveItem,
  stepItem,
  type ItemInput,
} from '../../server/content/content.service';
import { Item, ItemRevision, ItemTransition } from '../../server/content/item.model';
import { KINDS } from '../../server/content/kinds';
import { Tenant } from '../../tenants/tenant.model';
import type { Site } from '../../tenants/tenant.types';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { ValidationError } from '../../server/core/errors';

let p: TestPlatform;
let siteA: Site;
let siteB: Site;
const u = uid();
const people = new Map<string, Actor>();
const ctx = (who: string) => ({ actor: people.get(who)!, ip: '127.0.0.1' });
const deps = () => ({ sequelize: p.sequelize, cache: p.cache });

async function person(name: string, grants: { role: Role; site?: Site }[]) {
  const pr = await Person.create({
    email: `${name.toLowerCase()}-${u}@thu.vn`,
    fullName: name,
    unit: null,
    phone: null,
    passwordHash: null,
    mustChangePassword: false,
    totpSecret: null,
    totpEnabledAt: null,
    lastSignInAt: null,
  });
  const gs = [];
  for (const g of grants) {
    gs.push(
      await Grant.create({
        personId: pr.id,
        tenantId: g.site?.id ?? null,
        role: g.role,
        boardPosition: g.role === 'board' ? 'member' : null,
        grantedBy: null,
        expiresAt: null,
        revokedBy: null,
        revokedAt: null,
        revokeReason: null,
      }),
    );
  }
  people.set(name, actorFrom(pr, gs));
}

const article = (over: Partial<ItemInput> = {}): ItemInput => ({
  title: `Tin thử ${uid()}`,
  summary: 'Tóm tắt',
  body: '<p>Nội dung</p>',
  author: 'Phóng viên A',
  source: 'UBND xã',
  ...over,
});

beforeAll(async () => {
  p = await startTestPlatform();
  const a = await p.createSite({
    slug: `wa-${u}`,
    nameVi: `Xã Quy Trình A ${u}`,
    kind: 'commune',
    theme: 'coso',
    primaryHost: `wa-${u}.test`,
  });
  const b = await p.createSite({
    slug: `wb-${u}`,
    nameVi: `Xã Quy Trình B ${u}`,
    kind: 'commune',
    theme: 'coso',
    primaryHost: `wb-${u}.test`,
  });
  siteA = p.registry.get(a.id)!;
  siteB = p.registry.get(b.id)!;
  for (const role of ['site_admin', 'approver', 'editor', 'contributor', 'viewer'] as const)
    await person(role, [{ role, site: siteA }]);
  await person('approverB', [{ role: 'approver', site: siteB }]);
  await person('board', [{ role: 'board' }]);
  await person('operator', [{ role: 'operator' }]);
  await person('approver2', [{ role: 'approver', site: siteA }]);
});
afterAll(() => p.close());

describe('validation of each kind', () => {
  test.each(KINDS.map((k) => [k.code, k] as const))(
    '%s: required fields are named, each with its own message',
    async (code, kind) => {
      const err = await createItem(deps(), ctx('editor'), siteA, code, { title: '', author: '', data: {} }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      const fields = (err as ValidationError).fields;
      expect(fields.title).toMatch(/bắt buộc/);
      expect(fields.author).toMatch(/bắt buộc/);
      for (const f of kind.fields.filter((f) => f.required)) expect(fields[`data.${f.name}`]).toContain(f.label);
    },
  );

  test('bad dates, dates out of order, over-long text and wrong types are refused', async () => {
    const bad = await createItem(deps(), ctx('editor'), siteA, 'legal_document', {
      ...article({ title: 'x'.repeat(301) }),
      data: {
        number: '12/QĐ-UBND',
        form: 'luat',
        issuingBody: 'UBND',
        signer: 'A',
        issuedOn: '2026-02-30',
        effectiveOn: 'hôm qua',
        status: 'in_force',
      },
    }).catch((e: unknown) => e);
    const f = (bad as ValidationError).fields;
    expect(f.title).toMatch(/tối đa 300/);
    expect(f['data.form']).toMatch(/lựa chọn không hợp lệ/);
    expect(f['data.issuedOn']).toMatch(/ngày không hợp lệ/);
    expect(f['data.effectiveOn']).toMatch(/ngày không hợp lệ/);
    const order = await createItem(deps(), ctx('editor'), siteA, 'consultation', {
      ...article(),
      data: {
        opensOn: '2026-05-10',
        closesOn: '2026-05-01',
        receivingAddress: 'UBND xã',
        receivingEmail: 'gopy@xa.vn',
      },
    }).catch((e: unknown) => e);
    expect((order as ValidationError).fields['data.closesOn']).toMatch(/sau ngày bắt đầu/);
    const money = await createItem(deps(), ctx('editor'), siteA, 'investment_project', {
      ...article(),
      data: {
        mainObjective: 'x',
        field: 'x',
        projectType: 'x',
        duration: '2026-2028',
        budget: 'nhiều tiền',
        fundingType: 'ODA',
        donor: 'WB',
        status: 'preparing',
      },
    }).catch((e: unknown) => e);
    expect((money as ValidationError).fields['data.budget']).toMatch(/số nguyên/);
  });

  test('quoted material needs its source; categories must be the site’s own', async () => {
    const quoted = await createItem(
      deps(),
      ctx('editor'),
      siteA,
      'article',
      article({ source: '', originalPublishedAt: '2026-01-05' }),
    ).catch((e: unknown) => e);
    expect((quoted as ValidationError).fields.source).toMatch(/trích dẫn/);
    const otherCat = await Category.create({
      tenantId: siteB.id,
      parentId: null,
      slug: `cm-${uid()}`,
      nameVi: 'Của B',
    });
    const cross = await createItem(
      deps(),
      ctx('editor'),
      siteA,
      'article',
      article({ categoryIds: [String(otherCat.id)] as never }),
    ).catch((e: unknown) => e);
    expect((cross as ValidationError).fields.categoryIds).toMatch(/không thuộc trang này/);
  });

  test('HTML is sanitised and text is stored in NFC', async () => {
    const item = await createItem(
      deps(),
      ctx('editor'),
      siteA,
      'article',
      article({ title: 'Tuyên Quang'.normalize('NFD'), body: '<p onclick="x()">a<script>alert(1)</script></p>' }),
    );
    expect(item.title).toBe('Tuyên Quang'.normalize('NFC'));
    const rev = await ItemRevision.findByPk(item.workingRevisionId!);
    expect(rev!.body).toBe('<p>a</p>');
  });
});

describe('who may do what, on their own site and on another', () => {
  // Written out by hand: [actor, step, allowed on site A]
  const table: [string, 'create' | 'submit' | 'withdraw' | 'return' | 'approve', boolean][] = [
    ['contributor', 'create', true],
    ['contributor', 'submit', true],
    ['contributor', 'return', false],
    ['contributor', 'approve', false],
    ['editor', 'create', true],
    ['editor', 'submit', true],
    ['editor', 'return', false],
    ['editor', 'approve', false],
    ['approver', 'create', true],
    ['approver', 'submit', true],
    ['approver', 'return', true],
    ['approver', 'approve', true],
    ['site_admin', 'create', true],
    ['site_admin', 'submit', true],
    ['site_admin', 'return', false],
    ['site_admin', 'approve', false],
    ['viewer', 'create', false],
    ['viewer', 'submit', false],
    ['viewer', 'return', false],
    ['viewer', 'approve', false],
    ['board', 'create', true],
    ['board', 'submit', true],
    ['board', 'return', true],
    ['board', 'approve', true],
    ['operator', 'create', false],
    ['operator', 'submit', false],
    ['operator', 'return', false],
    ['operator', 'approve', false],
    ['approverB', 'create', false],
    ['approverB', 'submit', false],
    ['approverB', 'return', false],
    ['approverB', 'approve', false],
    // Withdrawing is the author's step; a reviewer returns the item with a reason instead.
    ['contributor', 'withdraw', true],
    ['editor', 'withdraw', false],
    ['approver', 'withdraw', false],
  ];
  test.each(table)('%s → %s on site A: %s', async (who, step, allowed) => {
    let itemId: number;
    const attempt = async () => {
      if (step === 'create') return createItem(deps(), ctx(who), siteA, 'article', article());
      const item = await createItem(deps(), ctx('contributor'), siteA, 'article', article());
      itemId = item.id;
      if (step !== 'submit') await stepItem(deps(), ctx('contributor'), siteA, item.id, 'submit');
      return stepItem(deps(), ctx(who), siteA, item.id, step, { comment: 'Cần sửa tiêu đề' });
    };
    if (allowed) await expect(attempt()).resolves.not.toThrow();
    else {
      await expect(attempt()).rejects.toMatchObject({ status: 403 });
      if (step !== 'create') expect((await Item.findByPk(itemId!))!.publication).toBe('unpublished');
      if (step === 'withdraw') expect((await Item.findByPk(itemId!))!.reviewState).toBe('submitted');
    }
  });

  test('an approver of site B cannot touch site A’s items even by passing A’s item id to B', async () => {
    const item = await createItem(deps(), ctx('contributor'), siteA, 'article', article());
    await stepItem(deps(), ctx('contributor'), siteA, item.id, 'submit');
    await expect(stepItem(deps(), ctx('approverB'), siteB, item.id, 'approve')).rejects.toMatchObject({ status: 404 });
    await expect(loadItem(siteB.id, item.id)).rejects.toMatchObject({ status: 404 });
    expect((await Item.findByPk(item.id))!.reviewState).toBe('submitted');
  });
});

describe('the review cycle', () => {
  test('submit → return with a comment → fix → resubmit → schedule → published once at its time', async () => {
    const item = await createItem(deps(), ctx('contributor'), siteA, 'article', article({ title: `Tin có lỗi ${u}` }));
    await stepItem(deps(), ctx('contributor'), siteA, item.id, 'submit');
    await expect(stepItem(deps(), ctx('approver'), siteA, item.id, 'return')).rejects.toBeInstanceOf(ValidationError); // no comment
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'return', { comment: 'Sửa tiêu đề cho đúng' });
    expect((await Item.findByPk(item.id))!.reviewState).toBe('returned');
    await saveItem(deps(), ctx('contributor'), siteA, item.id, article({ title: `Tin đã sửa ${u}` }));
    await stepItem(deps(), ctx('contributor'), siteA, item.id, 'submit');
    const at = new Date(Date.now() + 3600_000);
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'approve', { publishAt: at });
    expect((await Item.findByPk(item.id))!).toMatchObject({ reviewState: 'scheduled', publication: 'unpublished' });
    expect(await publishDueItems(deps())).toBe(0); // not yet
    expect((await Item.findByPk(item.id))!.publication).toBe('unpublished');
    await Item.update({ scheduledAt: new Date(Date.now() - 1000) }, { where: { id: item.id } }); // its time comes
    expect(await publishDueItems(deps())).toBeGreaterThanOrEqual(1);
    const live = (await Item.findByPk(item.id))!;
    expect(live).toMatchObject({
      publication: 'published',
      reviewState: 'none',
      title: `Tin đã sửa ${u}`,
      slug: `tin-da-sua-${u}`,
    });
    const steps = (await ItemTransition.findAll({ where: { itemId: item.id }, order: [['id', 'ASC']] })).map((t) => [
      t.action,
      t.comment,
    ]);
    expect(steps.map((s) => s[0])).toEqual([
      'create',
      'submit',
      'return',
      'save',
      'submit',
      'schedule',
      'publish.scheduled',
    ]);
    expect(steps[2]![1]).toBe('Sửa tiêu đề cho đúng');
    expect(await AuditEntry.count({ where: { targetType: 'item', targetId: String(item.id) } })).toBe(7);
    const page = await p.get(`wa-${u}.test`, `/tin-tuc/tin-da-sua-${u}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Phóng viên A');
  });

  test('scheduled items are published exactly once when two workers run together', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const it = await createItem(deps(), ctx('editor'), siteA, 'article', article());
      await stepItem(deps(), ctx('editor'), siteA, it.id, 'submit');
      await stepItem(deps(), ctx('approver'), siteA, it.id, 'approve', {
        publishAt: new Date(Date.now() + 60_000 + i),
      });
      ids.push(it.id);
    }
    await Item.update({ scheduledAt: new Date(Date.now() - 1000) }, { where: { id: ids } }); // their time comes
    const later = new Date();
    const second = await startTestPlatform();
    try {
      const runs = await Promise.all([
        publishDueItems(deps(), later),
        publishDueItems({ sequelize: second.sequelize, cache: second.cache }, later),
        publishDueItems(deps(), later),
      ]);
      expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
      for (const id of ids) {
        expect(await ItemTransition.count({ where: { itemId: id, action: 'publish.scheduled' } })).toBe(1);
        expect((await Item.findByPk(id))!.publication).toBe('published');
      }
    } finally {
      await second.close();
    }
  });

  test('nobody approves their own item, unless the site allows it; the Board may', async () => {
    const own = await createItem(deps(), ctx('approver'), siteA, 'article', article());
    await stepItem(deps(), ctx('approver'), siteA, own.id, 'submit');
    await expect(stepItem(deps(), ctx('approver'), siteA, own.id, 'approve')).rejects.toMatchObject({ status: 403 });
    await stepItem(deps(), ctx('approver2'), siteA, own.id, 'approve');
    await Tenant.update({ selfApproval: true }, { where: { id: siteA.id } });
    const own2 = await createItem(deps(), ctx('approver'), siteA, 'article', article());
    await stepItem(deps(), ctx('approver'), siteA, own2.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, own2.id, 'approve');
    await Tenant.update({ selfApproval: false }, { where: { id: siteA.id } });
    const boardOwn = await createItem(deps(), ctx('board'), siteA, 'article', article());
    await stepItem(deps(), ctx('board'), siteA, boardOwn.id, 'submit');
    await stepItem(deps(), ctx('board'), siteA, boardOwn.id, 'approve');
    expect((await Item.findByPk(boardOwn.id))!.publication).toBe('published');
  });

  test('editing a published item keeps the live version public until the new one is approved; old revisions can be restored', async () => {
    const item = await createItem(deps(), ctx('editor'), siteA, 'article', article({ title: `Bản một ${u}` }));
    await stepItem(deps(), ctx('editor'), siteA, item.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'approve');
    const slug = (await Item.findByPk(item.id))!.slug;
    await saveItem(deps(), ctx('editor'), siteA, item.id, article({ title: `Bản hai ${u}` }));
    let live = (await Item.findByPk(item.id))!;
    expect(live).toMatchObject({ publication: 'published', reviewState: 'draft', title: `Bản một ${u}`, slug });
    expect((await p.get(`wa-${u}.test`, `/tin-tuc/${slug}`)).text).toContain(`Bản một ${u}`);
    await stepItem(deps(), ctx('editor'), siteA, item.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'approve');
    live = (await Item.findByPk(item.id))!;
    expect(live.title).toBe(`Bản hai ${u}`);
    expect(live.slug).toBe(slug); // stable once published
    const first = (await ItemRevision.findOne({ where: { itemId: item.id, number: 1 } }))!;
    await restoreRevision(deps(), ctx('editor'), siteA, item.id, first.id);
    const working = await ItemRevision.findByPk((await Item.findByPk(item.id))!.workingRevisionId!);
    expect(working!.title).toBe(`Bản một ${u}`);
    expect(working!.number).toBe(3);
  });

  test('unpublish, archive and republish; each changes what the public sees', async () => {
    const item = await createItem(deps(), ctx('editor'), siteA, 'article', article());
    await stepItem(deps(), ctx('editor'), siteA, item.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'approve');
    const slug = (await Item.findByPk(item.id))!.slug;
    expect((await p.get(`wa-${u}.test`, `/tin-tuc/${slug}`)).status).toBe(200);
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'unpublish');
    expect((await p.get(`wa-${u}.test`, `/tin-tuc/${slug}`)).status).toBe(404);
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'republish');
    expect((await p.get(`wa-${u}.test`, `/tin-tuc/${slug}`)).status).toBe(200);
    await stepItem(deps(), ctx('approver'), siteA, item.id, 'archive');
    expect((await p.get(`wa-${u}.test`, `/tin-tuc/${slug}`)).status).toBe(404);
  });
});

describe('deadlines', () => {
  test('an item received long ago and published now is marked late; one published in time is not', async () => {
    const late = await createItem(
      deps(),
      ctx('editor'),
      siteA,
      'announcement',
      article({ receivedAt: '2026-01-05T08:00:00+07:00' }),
    );
    expect(late.deadlineClass).toBe('administrative');
    expect(late.dueAt!.toISOString()).toBe(new Date('2026-01-07T23:59:59.999+07:00').toISOString());
    await stepItem(deps(), ctx('editor'), siteA, late.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, late.id, 'approve');
    expect((await Item.findByPk(late.id))!.publishedLate).toBe(true);
    const onTime = await createItem(deps(), ctx('editor'), siteA, 'announcement', article());
    await stepItem(deps(), ctx('editor'), siteA, onTime.id, 'submit');
    await stepItem(deps(), ctx('approver'), siteA, onTime.id, 'approve');
    expect((await Item.findByPk(onTime.id))!.publishedLate).toBe(false);
    const news = await createItem(deps(), ctx('editor'), siteA, 'article', article());
    expect(news.dueAt).toBeNull();
  });

  test('the emergency flag gives a same-day deadline and puts the item first in every reviewer’s queue', async () => {
    const normal = await createItem(deps(), ctx('editor'), siteA, 'announcement', article());
    await stepItem(deps(), ctx('editor'), siteA, normal.id, 'submit');
    const urgent = await createItem(
      deps(),
      ctx('editor'),
      siteA,
      'announcement',
      article({ emergency: 'on' as never }),
    );
    await stepItem(deps(), ctx('editor'), siteA, urgent.id, 'submit');
    expect(urgent.deadlineClass).toBe('emergency');
    const queue = await reviewQueue(people.get('approver')!);
    expect(queue[0]!.id).toBe(urgent.id);
    const boardQueue = await reviewQueue(people.get('board')!);
    expect(boardQueue[0]!.emergency).toBe(true);
    expect(await reviewQueue(people.get('approverB')!)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ id: urgent.id })]),
    );
    expect(await reviewQueue(people.get('editor')!)).toEqual([]);
  });
});

test('an item and its translation point to each other with hreflang', async () => {
  const en = await p.createSite({
    slug: `we-${u}`,
    nameVi: `Sở Song Ngữ ${u}`,
    nameEn: `Bilingual Dept ${u}`,
    kind: 'department',
    theme: 'coso',
    languages: ['vi', 'en'],
    primaryHost: `we-${u}.test`,
  });
  const site = p.registry.get(en.id)!;
  await person('editorEn', [{ role: 'editor', site }]);
  await person('approverEn', [{ role: 'approver', site }]);
  const vi = await createItem(deps(), ctx('editorEn'), site, 'article', article({ title: `Tin song ngữ ${u}` }));
  const tr = await createItem(
    deps(),
    ctx('editorEn'),
    site,
    'article',
    article({ title: `Bilingual news ${u}`, locale: 'en', translationOf: String(vi.id) }),
  );
  // A translation must be of this site and in the other language.
  const wrong = await createItem(
    deps(),
    ctx('editorEn'),
    site,
    'article',
    article({ locale: 'vi', translationOf: String(vi.id) }),
  ).catch((e: unknown) => e);
  expect((wrong as ValidationError).fields.translationOf).toMatch(/ngôn ngữ kia/);
  for (const it of [vi, tr]) {
    await stepItem(deps(), ctx('editorEn'), site, it.id, 'submit');
    await stepItem(deps(), ctx('approverEn'), site, it.id, 'approve');
  }
  const viPage = await p.get(`we-${u}.test`, `/tin-tuc/tin-song-ngu-${u}`);
  expect(viPage.text).toContain(`hreflang="en" href="http://we-${u}.test/en/news/bilingual-news-${u}"`);
  const enPage = await p.get(`we-${u}.test`, `/en/news/bilingual-news-${u}`);
  expect(enPage.text).toContain(`hreflang="vi" href="http://we-${u}.test/tin-tuc/tin-song-ngu-${u}"`);
});
