// Searching as citizens do: without diacritics, with typos, within a site or across the portal.
import { pruneSearchWords } from '../../server/content/search-words';
import { Item } from '../../server/content/item.model';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
/** Page text with the search highlights taken out, to assert on whole phrases. */
const unmarked = (html: string) => html.replace(/<\/?mark>/g, '');
const u = uid();
const D = 'tuyenquang.localhost';

beforeAll(async () => {
  p = await startTestPlatform();
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  const add = (tenantId: number, title: string, body: string, kind = 'article') =>
    Item.create({
      tenantId,
      kind,
      slug: `tk-${uid()}`,
      title,
      summary: null,
      body,
      author: 'A',
      source: 'B',
      publishedAt: new Date(Date.now() - 60_000),
      publication: 'published',
    } as never);
  await add(
    stc.id,
    `Quyết định phê duyệt dự toán ngân sách đường Tuyên Quang ${u}`,
    '<p>Sở Tài chính công bố dự toán năm 2027.</p>',
    'legal_document',
  );
  await add(
    mx.id,
    `Phường Minh Xuân làm sạch đường phố ${u}`,
    '<p>Người dân phường Minh Xuân ra quân làm sạch đường phố.</p>',
  );
  await p.cache.bumpTenantVersion(stc.id);
  await p.cache.bumpTenantVersion(mx.id);
});
afterAll(() => p.close());

test('without diacritics, đ as d, across the portal, with the match highlighted', async () => {
  const res = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`duong tuyen quang ${u}`)}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('<mark>đường</mark>');
  expect(res.text).toContain('<mark>Tuyên</mark> <mark>Quang</mark>');
  expect(res.text).toContain('Sở Tài chính tỉnh Tuyên Quang');
  expect(res.text).toMatch(/href="http:\/\/stc\.tuyenquang\.localhost\/van-ban\/tk-/);
});

test('a typo in a word of the title still finds it', async () => {
  const res = await p.get(D, `/tim-kiem?q=${encodeURIComponent('phuong minh xuna')}`); // "xuna" for "xuân"
  expect(unmarked(res.text)).toContain(`Minh Xuân làm sạch đường phố ${u}`);
});

test('a swap in a short word is corrected, and the page says what it searched', async () => {
  // "cia" for "cải": a swap shares almost no trigram with the word; "cahc" is one edit from both
  // "các" and "cách", and the swap is the likelier slip.
  const swap = await p.get(D, `/tim-kiem?q=${encodeURIComponent('ke hoach cia cach hanh chinh')}`);
  expect(swap.text).toContain('«ke hoach cai cach hanh chinh»');
  expect(unmarked(swap.text)).toContain('Kế hoạch cải cách hành chính');
  const tie = await p.get(D, `/tim-kiem?q=${encodeURIComponent('cai cahc hanh chinh')}`);
  expect(tie.text).toContain('«cai cach hanh chinh»');
  // "quag": one edit from "qua", "quai" and "quang"; a letter left out is the likelier slip.
  const left = await p.get(D, `/tim-kiem?q=${encodeURIComponent('tuyen quag')}`);
  expect(left.text).toContain('«tuyen quang»');
});

test('a site searches only itself; the portal can narrow to one site and one kind', async () => {
  const stc = await p.get(`stc.${D}`, `/tim-kiem?q=${encodeURIComponent(`lam sach ${u}`)}`);
  expect(unmarked(stc.text)).not.toContain(`Minh Xuân làm sạch đường phố ${u}`);
  const mxId = p.registry.all().find((s) => s.slug === 'minhxuan')!.id;
  const narrowed = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`duong ${u}`)}&site=${mxId}`);
  expect(unmarked(narrowed.text)).toContain(`Minh Xuân làm sạch đường phố ${u}`);
  expect(unmarked(narrowed.text)).not.toContain(`dự toán ngân sách đường Tuyên Quang ${u}`);
  const kind = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`duong ${u}`)}&kind=legal_document`);
  expect(kind.text).toContain('ngân sách');
  expect(unmarked(kind.text)).not.toContain(`làm sạch đường phố ${u}`);
});

test('nothing found says so; hostile queries are harmless; a bad page number is a 400', async () => {
  const none = await p.get(D, `/tim-kiem?q=${encodeURIComponent('khongcotutunaytrongcong')}`);
  expect(none.text).toContain('Không tìm thấy kết quả phù hợp');
  for (const q of ["' OR 1=1 --", '<script>alert(1)</script>', '!!!&&&|||', 'a'.repeat(500)]) {
    const r = await p.get(D, `/tim-kiem?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('<script>alert(1)</script>');
  }
  expect((await p.get(D, '/tim-kiem?q=x&page=abc')).status).toBe(400);
});

test('English search lives at /en/search on sites with English', async () => {
  const res = await p.get(D, '/en/search?q=plan');
  expect(res.status).toBe(200);
  expect(res.text).toContain('<h1>Search</h1>');
  expect(unmarked(res.text)).toContain('Digital transformation plan');
});

test('the index follows every edit: a renamed item is found by its new title at once', async () => {
  const item = (await Item.findOne({ where: { title: `Phường Minh Xuân làm sạch đường phố ${u}` } }))!;
  await item.update({ title: `Phường Minh Xuân trồng cây xanh ${u}` });
  const res = await p.get(`${D}`, `/tim-kiem?q=${encodeURIComponent(`trong cay xanh ${u}`)}`);
  expect(unmarked(res.text)).toContain(`trồng cây xanh ${u}`);
});

test('date filters use Vietnam days', async () => {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const inRange = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`tuyen quang ${u}`)}&from=${today}&to=${today}`);
  expect(unmarked(inRange.text)).toContain(`ngân sách đường Tuyên Quang ${u}`);
  const before = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`tuyen quang ${u}`)}&to=2020-01-01`);
  expect(unmarked(before.text)).not.toContain(`ngân sách đường Tuyên Quang ${u}`);
  const bad = await p.get(D, `/tim-kiem?q=${encodeURIComponent(`tuyen quang ${u}`)}&from=hom-qua`);
  expect(bad.status).toBe(200); // an invalid date is ignored, not an error
});

describe('a misspelt word is corrected from the words of published items', () => {
  // A word of letters only, new to this run: "hoaban" + six letters.
  const letters = [...uid(), ...uid()].map((c) => String.fromCharCode(97 + (c.charCodeAt(0) % 26))).join('');
  const word = `hoaban${letters.slice(0, 6)}`;
  const typo = `hoabna${letters.slice(0, 6)}`; // two letters swapped
  const draftWord = `nhap${letters.slice(6, 12)}`;
  let stcId: number;
  let mxId: number;

  beforeAll(async () => {
    stcId = p.registry.all().find((s) => s.slug === 'stc')!.id;
    mxId = p.registry.all().find((s) => s.slug === 'minhxuan')!.id;
    const base = {
      kind: 'article',
      summary: null,
      author: 'A',
      source: 'B',
      publishedAt: new Date(Date.now() - 60_000),
    };
    await Item.create({
      ...base,
      tenantId: mxId,
      slug: `tk-${uid()}`,
      title: `Lễ hội hoa ban ${u}`,
      body: `<p>Giống ${word} nở trắng đồi.</p>`,
      publication: 'published',
    } as never);
    await Item.create({
      ...base,
      tenantId: stcId,
      slug: `tk-${uid()}`,
      title: `Bản nháp ${u}`,
      body: `<p>Từ ${draftWord} chỉ có trong bản nháp.</p>`,
      publication: 'unpublished',
      publishedAt: null,
    } as never);
    await p.cache.bumpTenantVersion(mxId);
  });

  test('a word of the body, with two letters swapped, is found and the page says what was searched', async () => {
    const res = await p.get(D, `/tim-kiem?q=${encodeURIComponent(typo)}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Đã tìm cả theo «${word}», gần đúng với từ khóa bạn nhập.`);
    expect(unmarked(res.text)).toContain(`Lễ hội hoa ban ${u}`);
    expect(res.text).toContain(`<mark>${word}</mark>`);
    const en = await p.get(D, `/en/search?q=${encodeURIComponent(typo)}`);
    expect(en.status).toBe(200);
    expect(unmarked(en.text)).not.toContain(`Lễ hội hoa ban ${u}`); // a Vietnamese item, not in English results
  });

  test('the correction stays within the site searched', async () => {
    const own = await p.get(D, `/phuong-minh-xuan/tim-kiem?q=${encodeURIComponent(typo)}`);
    expect(unmarked(own.text)).toContain(`Lễ hội hoa ban ${u}`);
    const other = await p.get(`stc.${D}`, `/tim-kiem?q=${encodeURIComponent(typo)}`);
    expect(other.status).toBe(200);
    expect(unmarked(other.text)).not.toContain(`Lễ hội hoa ban ${u}`);
    expect(other.text).toContain('Không tìm thấy kết quả phù hợp');
  });

  test('words of unpublished items are not in the dictionary; publishing adds them', async () => {
    const [found] = await Item.sequelize!.query<{ n: string }>(
      'SELECT count(*) AS n FROM search_words WHERE word IN (:words)',
      { replacements: { words: [word, draftWord] }, type: 'SELECT' as never },
    );
    expect(Number(found!.n)).toBe(1);
    const draft = (await Item.findOne({ where: { title: `Bản nháp ${u}` } }))!;
    await draft.update({ publication: 'published' });
    const [after] = await Item.sequelize!.query<{ word: string }>('SELECT word FROM search_words WHERE word = :w', {
      replacements: { w: draftWord },
      type: 'SELECT' as never,
    });
    expect(after?.word).toBe(draftWord);
  });

  test("a withdrawn item's words leave its site's dictionary at the next prune; words other items have stay", async () => {
    // Each site keeps its own words (issue 15, 9): (site, word) pairs.
    const words = async (siteId: number, list: string[]) =>
      (
        await Item.sequelize!.query<{ word: string }>(
          'SELECT word FROM search_words WHERE tenant_id = :site AND word IN (:list)',
          { replacements: { site: siteId, list }, type: 'SELECT' as never },
        )
      ).map((r) => r.word);
    const draft = (await Item.findOne({ where: { title: `Bản nháp ${u}` } }))!;
    await draft.update({ publication: 'unpublished' });
    expect(await words(stcId, [draftWord])).toEqual([draftWord]); // kept until the prune
    const dropped: string[] = [];
    for (let i = 0; i < 50; i++) {
      const [queued] = await Item.sequelize!.query<{ n: string }>(
        'SELECT count(*) AS n FROM search_words_recheck WHERE tenant_id = :site AND word IN (:words)',
        { replacements: { site: stcId, words: [draftWord, 'ban'] }, type: 'SELECT' as never },
      );
      if (Number(queued!.n) === 0) break;
      dropped.push(...(await pruneSearchWords(Item.sequelize!)));
    }
    expect(dropped).toContain(draftWord);
    expect(await words(stcId, [draftWord])).toEqual([]);
    expect(await words(mxId, ['ban'])).toEqual(['ban']); // "Lễ hội hoa ban" still has it
  });
});
