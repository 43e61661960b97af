/**
 * Setting up an award programme in the console (real stack, Chromium): places per category, the quota grid of
 * nominating units, a proportion rule, a vetting department; refused input shown next to its field with nothing
 * saved; the draft edited in place; then nominations opened, which mails every nominating unit.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { artifact } from './support/browser';
import { eventually } from './support/eventually';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import { ADMIN_PASSWORD } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let page: Page;

beforeAll(async () => {
  env = await startMailboxBrowser('award-setup-test', { width: 1100, height: 900 });
  page = env.page;
}, 180_000);

afterAll(() => env?.stop());

const shows = (selector: string, text: string) =>
  page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
const save = () => page.getByRole('button', { name: '保存草稿' }).click();

it('sets up a programme from the console, edits the draft and opens nominations', async () => {
  const { db, api } = env.stack;
  await page.goto(`${api.url}/admin/awards`);
  await page.getByLabel('电子邮箱').fill('admin@test.example');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto(`${api.url}/admin/awards`);
  await page.getByRole('link', { name: '新建评选表彰' }).click();
  await shows('h1', '新建评选表彰');

  await page.getByLabel('评选表彰名称').fill('2026年度工人先锋号评选');
  await page.getByLabel('发文字号前缀（如 平工文）').fill('平工文');
  await page.getByLabel('工人先锋号', { exact: true }).fill('2');
  await page.getByRole('button', { name: '更新名额分配表' }).click();
  // The grid lists the federation's counties against the category given places.
  await shows('table.quotas', '单位c.a');
  expect(await page.locator('table.quotas tbody tr').count()).toBe(2);
  expect(await page.locator('table.quotas thead').innerText()).toContain('表彰 2 名');

  // Nothing allocated, then quotas that do not add up to the places: refused on the grid, nothing saved.
  await save();
  await shows('#quotas-error', '请为推荐单位分配名额');
  await page.getByLabel('单位c.a：工人先锋号').fill('1');
  await page.getByLabel('单位c.b：工人先锋号').fill('2');
  await page.getByLabel('公示期（工作日）').fill('0');
  await save();
  await shows('#quotas-error', '工人先锋号：等额评审时各单位名额之和（3）须等于表彰名额（2）');
  expect(await page.locator('#publicityDays-error').innerText()).toBe('公示期为 1–30 个工作日');
  expect(await db.awardProgramme.count()).toBe(0);

  await page.getByLabel('单位c.b：工人先锋号').fill('1');
  await page.getByLabel('公示期（工作日）').fill('5');
  const rule = page.locator('[data-rule="0"]');
  await rule.getByLabel('要求名称').fill('班组不少于70%');
  await rule.getByLabel('适用类别（可多选）').selectOption('WORKER_PIONEER');
  await rule.getByLabel('统计对象（可多选，须为同一项）').selectOption('isTeam=true');
  await rule.getByLabel('所占比例').selectOption('AT_LEAST');
  await rule.getByLabel('百分比').fill('70');
  await page.getByLabel('联审部门（每行一个）').fill('纪检，王敏，jijian@test.example');
  // A joint issuer must be registered: refused at its field, nothing saved; registered, it is taken.
  await page.getByLabel(/^联合发文机关代字/).fill('平应急');
  await save();
  await shows('#jointIssuers-error', '联合发文机关须为已登记的其他发文机关代字');
  expect(await db.awardProgramme.count()).toBe(0);
  await db.issuer.create({
    data: {
      numberPrefix: '平应急',
      name: '平顶山市应急管理局',
      shortName: '市应急局',
      printedBy: '平顶山市应急管理局办公室',
    },
  });
  await page.screenshot({ path: artifact('award-setup.png'), fullPage: true });
  await save();
  await shows('p.ok', '已保存草稿');
  await shows('.notice', '这是草稿');

  const saved = await db.awardProgramme.findFirstOrThrow({
    include: { quotas: { include: { organisation: true } }, departments: { include: { person: true } } },
  });
  expect(saved).toMatchObject({
    titleZh: '2026年度工人先锋号评选',
    numberPrefix: '平工文',
    jointIssuers: ['平应急'],
    status: 'DRAFT',
    reviewMode: 'EQUAL',
    places: { WORKER_PIONEER: 2 },
    proportionRules: [
      expect.objectContaining({
        label: '班组不少于70%',
        categories: ['WORKER_PIONEER'],
        field: 'isTeam',
        values: ['true'],
        comparison: 'AT_LEAST',
        percent: 70,
        hard: true,
      }),
    ],
    eligibilityRules: [
      { kind: 'MIN_UNIT_GRADE', grade: 'GOOD', hard: true },
      { kind: 'NO_SERIOUS_ACCIDENT', years: 3, hard: true },
    ],
  });
  expect(saved.quotas.map((q) => [q.organisation.code, q.category, q.quota]).sort()).toEqual([
    ['c.a', 'WORKER_PIONEER', 1],
    ['c.b', 'WORKER_PIONEER', 1],
  ]);
  expect(saved.departments.map((d) => [d.name, d.person.name, d.person.email])).toEqual([
    ['纪检', '王敏', 'jijian@test.example'],
  ]);

  // The draft is edited in place: one more place, the quota with it.
  await page.getByRole('link', { name: '修改' }).click();
  await shows('h1', '修改评选表彰（草稿）');
  expect(await page.locator('[data-rule="0"]').getByLabel('要求名称').inputValue()).toBe('班组不少于70%');
  await page.getByLabel('工人先锋号', { exact: true }).fill('3');
  await page.getByLabel('单位c.b：工人先锋号').fill('2');
  await save();
  await shows('p.ok', '已保存草稿');
  const edited = await db.awardProgramme.findUniqueOrThrow({
    where: { id: saved.id },
    include: { quotas: true },
  });
  expect(edited.places).toEqual({ WORKER_PIONEER: 3 });
  expect(edited.quotas.map((q) => q.quota).sort()).toEqual([1, 2]);
  expect(await db.auditLog.count({ where: { action: 'award_programme.updated', subjectId: saved.id } })).toBe(
    1,
  );

  // Opening nominations mails every nominating unit; the draft can no longer be edited.
  await page.getByRole('button', { name: '开始推荐' }).click();
  await shows('p.ok', '已开始推荐');
  await eventually(
    () => db.outboxMessage.count({ where: { kind: 'AWARD_NOMINATION_INVITE' } }),
    (n) => n === 2,
    'a nomination invitation to each unit',
    30_000,
  );
  expect((await db.awardProgramme.findUniqueOrThrow({ where: { id: saved.id } })).status).toBe('NOMINATING');
  await page.goto(`${api.url}/admin/awards/${saved.id}/edit`);
  await shows('p.problem', '已开始推荐，不能再修改');
}, 180_000);
