// The item page offers the review steps the step actions' own check() allows, nothing more: the
// rules live once (server/content/item-actions.ts), not in a second table in the back office.
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const MX = '/phuong-minh-xuan/admin';
let approver: Browser;

beforeAll(async () => {
  p = await startTestPlatform();
  approver = new Browser(p.server);
  expect((await approver.signIn(D, `duyet.minhxuan@${D}`, DEMO_PASSWORD, { base: MX })).status).toBe(303);
});
afterAll(() => p.close());

const stepsOn = (html: string) => [...html.matchAll(/\/buoc\/([a-z]+)"/g)].map((m) => m[1]);

test("an approver's own submitted item offers withdraw and return, not approve (no self-approval on this site)", async () => {
  const created = await approver.submit(D, `${MX}/tin-bai/moi?loai=article`, `${MX}/tin-bai/moi?loai=article`, {
    title: `Tin của chính người duyệt ${uid()}`,
    author: 'Người duyệt',
    source: 'UBND phường Minh Xuân',
  });
  expect(created.status).toBe(303);
  const page = `${MX}/tin-bai/${/tin-bai\/(\d+)/.exec(created.headers.location)![1]}`;
  expect(stepsOn((await approver.get(D, page)).text)).toEqual(['submit']);
  expect((await approver.submit(D, page, `${page}/buoc/submit`, {})).status).toBe(303);
  expect(stepsOn((await approver.get(D, page)).text)).toEqual(['withdraw', 'return']);
  // The button that is not shown is the step the runner refuses.
  expect((await approver.submit(D, page, `${page}/buoc/approve`, {})).status).toBe(403);
});
