// Valid HTML: every kind of public page, rendered by the real server, passes html-validate's
// recommended rules (content models, attributes, WCAG checks it can make statically), less the
// rules of style or editorial choice noted below.
import { HtmlValidate } from 'html-validate';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'doctype-style': 'off', // <!doctype html> in lower case is as valid as upper case
    'void-style': 'off', // <br> and <br/> are both valid HTML
    'no-trailing-whitespace': 'off', // template indentation, not markup
    'long-title': 'off', // an item's title is its headline, often longer than 70 characters in Vietnamese
  },
});

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const pages: [string, string][] = [
  [D, '/'],
  [D, '/en'],
  [D, '/tin-tuc'],
  [D, '/van-ban'],
  [D, '/van-ban?form=quyet-dinh'],
  [D, '/thu-tuc'],
  [D, '/du-an'],
  [D, '/lay-y-kien'],
  [D, '/lich-cong-tac'],
  [D, '/tim-kiem?q=tuyen+quang'],
  [D, '/en/search?q=tuyen+quang'],
  [D, '/hoi-dap'],
  [D, '/hoi-dap/gui'],
  [D, '/phan-anh-kien-nghi/gui'],
  [D, '/tra-cuu?ma=ABCDE-FGHJK'],
  [D, '/so-do-trang'],
  [D, '/lien-he'],
  [D, '/en/untranslated?from=%2Fhoi-dap'],
  [D, '/khong-co-trang-nay'],
  [`stc.${D}`, '/'],
  [D, '/phuong-minh-xuan'],
  [D, '/phuong-minh-xuan/tin-tuc'],
];

test.each(pages)('%s%s is valid HTML', async (host, path) => {
  const res = await p.get(host, path);
  expect(res.headers['content-type']).toContain('text/html');
  const report = await validator.validateString(res.text);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} (line ${m.line}): ${m.message}`));
  expect(messages).toEqual([]);
});

test('an item page of every kind that has one in the demo is valid HTML', async () => {
  const list = await p.get(D, '/tin-tuc');
  const href = /href="(\/tin-tuc\/[a-z0-9-]+)"/.exec(list.text)?.[1];
  expect(href).toBeDefined();
  for (const [path, pattern] of [
    ['/tin-tuc', /href="(\/tin-tuc\/[a-z0-9-]+)"/],
    ['/van-ban', /href="(\/van-ban\/[a-z0-9-]+)"/],
  ] as const) {
    const first = pattern.exec((await p.get(D, path)).text)?.[1];
    if (!first) continue;
    const res = await p.get(D, first).expect(200);
    const report = await validator.validateString(res.text);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${first}: ${m.ruleId}: ${m.message}`))).toEqual([]);
  }
});
