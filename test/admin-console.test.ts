/**
 * The admin console in a real browser, on the embedded mailbox: sign in, import units from a CSV (a bad file is
 * refused row by row, writing nothing), start a cycle for them with a compressed calendar (out-of-order dates are
 * refused on the field), watch the dashboard change as a unit submits and a committee member approves from the
 * mailbox, extend a due date and see it in the unit's timeline, resend from the outbox page, switch to English.
 * Screenshots of every page go to test/artifacts/.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { artifact } from './support/browser';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import { ADMIN_PASSWORD, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let stack: TestStack;
let page: Page;

beforeAll(async () => {
  env = await startMailboxBrowser('admin-console-test', { width: 1100, height: 900 });
  ({ stack, page } = env);
}, 120_000);

afterAll(() => env?.stop());

async function shows(selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
}

async function shot(name: string) {
  await page.screenshot({ path: artifact(`console-${name}.png`), fullPage: true });
}

const openFromMailbox = (to: string, subject: string, nth?: number) => env.openFromMailbox(to, subject, nth);

/** Reloads the dashboard until the unit's row shows `text`. */
async function dashboardShows(cycleUrl: string, code: string, text: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(cycleUrl);
    const row = page.locator(`tr[data-unit="${code}"]`);
    if ((await row.count()) > 0 && ((await row.textContent()) ?? '').includes(text)) return;
    if (Date.now() > deadline) throw new Error(`the dashboard never showed ${code} as "${text}"`);
    await page.waitForTimeout(500);
  }
}

const BAD_CSV = [
  'code,name,kind,parent,contact_name,contact_email',
  'c.d,新区,县区,c,新区联络员,d@test.example',
  'c.d,新区重复,县区,c,,',
  'c.x,某厂,企业,nowhere,,',
  'c.y,某公司,企业,c.d,王五,not-an-email',
].join('\n');

const GOOD_CSV = [
  'code,name,kind,parent,contact_name,contact_email',
  'c.d.e1,新区一厂,企业,c.d,一厂联络员,e1@test.example',
  'c.d.e2,新区二厂,企业,c.d,二厂联络员,e2@test.example',
  'c.d,新区,县区,c,新区联络员,d@test.example',
].join('\n');

it('runs the year from the browser', async () => {
  const db = stack.db;
  // Sign in.
  await page.goto(`${stack.api.url}/admin/organisations`);
  await page.getByLabel('电子邮箱').fill('admin@test.example');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await shows('h1', '年度考核');

  // The tree, then a bad CSV: every bad row named, nothing written.
  await page.getByRole('link', { name: '组织机构' }).first().click();
  await page.getByRole('link', { name: 'c', exact: true }).click();
  await shows('h2', '单位c');
  await shot('organisations');
  const orgsBefore = await db.organisation.count();
  await page.goto(`${stack.api.url}/admin/organisations/import`);
  await page.setInputFiles('#csv-file', {
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(BAD_CSV),
  });
  await page.getByRole('button', { name: '预览' }).click();
  await shows('p', '发现 3 处问题，未写入任何数据');
  const issues = await page.locator('table.issues tbody tr').allTextContents();
  expect(issues).toEqual([
    expect.stringMatching(/^3单位编码（必填）编码与第 2 行重复$/),
    expect.stringMatching(/^4上级编码（必填）上级编码“nowhere”既不在系统中也不在文件中$/),
    expect.stringMatching(/^5联系人邮箱“not-an-email”不是有效的邮箱地址$/),
  ]);
  await shot('import-refused');
  expect(await db.organisation.count()).toBe(orgsBefore);

  // A good CSV: preview, then import; parents may come after their children in the file.
  await page.setInputFiles('#csv-file', {
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(GOOD_CSV),
  });
  await page.getByRole('button', { name: '预览' }).click();
  await shows('p.ok', '共 3 个单位，检查无误');
  await shot('import-preview');
  expect(await db.organisation.count()).toBe(orgsBefore);
  await page.getByRole('button', { name: '导入这 3 个单位' }).click();
  await shows('p.ok', '已导入 3 个单位');
  expect(await db.organisation.count()).toBe(orgsBefore + 3);
  const e1 = await db.organisation.findUniqueOrThrow({
    where: { code: 'c.d.e1' },
    include: { parent: true, contacts: { include: { person: true } } },
  });
  expect([e1.parent?.code, e1.kind, e1.contacts[0]?.person.email]).toEqual([
    'c.d',
    'ENTERPRISE',
    'e1@test.example',
  ]);

  // Start a cycle for the new branch: a date out of order is refused on its field, then the preview, then start.
  await page.getByRole('link', { name: '启动年度考核' }).first().click();
  await page.getByLabel('考核年度').fill(String(YEAR));
  await page.getByLabel('上级单位编码').fill('c.d');
  await page.getByLabel('规划方案报送截止').fill(shanghaiIn(3_600_000));
  await page.getByLabel('目标任务报送截止').fill(shanghaiIn(1_800_000));
  const [checkAsOf, checkDue] = [shanghaiIn(7_100_000), shanghaiIn(7_200_000)];
  await page.getByLabel('执行情况检查').fill(`Q4, ${checkAsOf}, ${checkDue}`);
  await page.getByLabel('年度自评报送截止').fill(shanghaiIn(10_800_000));
  await page.getByLabel('截止前提醒').fill('10m');
  await page.getByLabel('审批规则').selectOption('ANY_ONE');
  await page.getByRole('button', { name: '预览日期' }).click();
  await shows('p.problem', '目标任务报送截止');
  // In the reader's language, naming the field it must follow.
  expect(await page.locator('#targetDue-error').textContent()).toMatch(
    /^应晚于“规划方案报送截止”（\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?）$/,
  );
  expect(await db.cycle.count()).toBe(0);
  expect(await page.getByLabel('执行情况检查').inputValue()).toBe(`Q4, ${checkAsOf}, ${checkDue}`);
  await shot('cycle-new-refused');
  await page.getByLabel('目标任务报送截止').fill(shanghaiIn(5_400_000));
  await page.getByRole('button', { name: '预览日期' }).click();
  await shows('h2', '日期预览');
  const previewRows = await page.locator('table.preview tbody tr').count();
  // Per submission step: reminder, due, first escalation, and the committee's decision (after the plan, targets
  // and check); after the self-evaluation, the scoring and the chair's confirmation.
  expect(previewRows).toBe(4 * 3 + 3 + 2);
  expect(await page.locator('table.preview tbody').innerText()).toMatch(/考核结果确认\s+委员会审批/);
  // Who takes part, and who decides for each of them, before anything starts.
  expect(await page.locator('#participants + p').innerText()).toBe('共 2 家：企业 2');
  const participants = page.locator('table.participants tbody tr');
  expect(await participants.count()).toBe(2);
  const e1Row = await participants.first().locator('td').allInnerTexts();
  expect(e1Row.slice(0, 4)).toEqual(['c.d.e1', '新区一厂', '企业', '竞赛委员会']);
  expect(e1Row[4]!.split('、').sort()).toEqual(['chair', 'm1', 'm2', 'm3']);
  expect(e1Row.slice(5)).toEqual(['chair', '1']);
  await shot('cycle-new-preview');
  await page.getByRole('button', { name: '确认启动' }).click();
  await shows('p.ok', '考核已启动');
  const cycleUrl = page.url().replace(/\?.*$/, '');
  expect(await page.locator('.stages a', { hasText: '规划方案' }).getAttribute('data-stage-count')).toBe('2');
  await dashboardShows(cycleUrl, 'c.d.e1', '待报送');
  await shot('dashboard-started');

  // The unit submits its plan from the mailbox; the dashboard shows it awaiting decision.
  await openFromMailbox('e1@test.example', '前提交年度劳动竞赛规划方案');
  await page.getByLabel('方案名称').fill('新区一厂 2026 年劳动竞赛方案');
  await page.getByLabel('方案概要').fill('围绕技改开展劳动竞赛');
  await page.getByLabel('主要措施（每行一条）').fill('技能比武');
  await page.getByRole('button', { name: '提交' }).click();
  await shows('p.ok', '第 1 版');
  await dashboardShows(cycleUrl, 'c.d.e1', '待审批');

  // A committee member approves from the mailbox; the unit moves to target setting.
  await openFromMailbox('m1@test.example', '审核新区一厂');
  await page.getByLabel('审核意见（退回或不同意时必填）').fill('同意');
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await shows('p.ok', '已记录您的意见：同意');
  await dashboardShows(cycleUrl, 'c.d.e1', '目标任务');
  expect(await page.locator('.stages a', { hasText: '目标任务' }).getAttribute('data-stage-count')).toBe('1');
  await shot('dashboard-progress');

  // Filter by branch and by stage.
  await page.goto(`${cycleUrl}?stage=TARGET_SETTING`);
  expect(await page.locator('table.units tbody tr').count()).toBe(1);

  // Extend another unit's due date with a reason; it shows in the timeline.
  await page.goto(cycleUrl);
  await page.getByRole('link', { name: 'c.d.e2' }).click();
  await shows('h1', '新区二厂');
  await page.locator('summary', { hasText: '延长截止时间' }).click();
  const newDue = shanghaiIn(2 * 3_600_000).slice(0, 16);
  await page.getByLabel('新的截止时间').fill(newDue);
  await page.locator('#due-reason').fill('厂区停电两天');
  await page.locator('#extend-due').click();
  await shows('p.ok', '已延长截止时间');
  await shows('table.timeline', '厂区停电两天');
  await shows('table.timeline', newDue.replace('T', ' '));
  await shot('unit-timeline');
  const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'assessment.due_date_extended' } });
  expect(audit).toMatchObject({
    actor: 'admin@test.example',
    detail: expect.objectContaining({ reason: '厂区停电两天' }),
  });
  // A reason is required: refused on the page, nothing recorded.
  await page.locator('summary', { hasText: '延长截止时间' }).click();
  await page.getByLabel('新的截止时间').fill(newDue);
  await page.locator('#extend-due').click();
  await shows('p.problem', '请填写原因');
  expect(await db.auditLog.count({ where: { action: 'assessment.due_date_extended' } })).toBe(1);
  // The unit's contact is told the new date, with a link to its form.
  await openFromMailbox('e2@test.example', `截止时间延长至 ${newDue.replace('T', ' ')}`);
  await shows('h1', '提交：新区二厂');

  // Cancelling a unit asks for confirmation first; then its contact is told.
  await page.goto(cycleUrl);
  await page.getByRole('link', { name: 'c.d.e2' }).click();
  await page.locator('summary', { hasText: '取消该单位本年度考核' }).click();
  await shows('details[open]', '取消后，该单位本年度考核结束且不能恢复');
  await page.locator('#cancel-reason').fill('单位撤并');
  await page.getByRole('button', { name: '取消该单位本年度考核' }).click();
  await shows('p.problem', '请勾选“确认取消”后再提交');
  expect(await db.auditLog.count({ where: { action: 'assessment.cancelled' } })).toBe(0);
  // The refused form comes back open.
  await page.locator('details[open] #cancel-reason').fill('单位撤并');
  await page.getByLabel('确认取消该单位本年度的考核').check();
  await page.getByRole('button', { name: '取消该单位本年度考核' }).click();
  await shows('p.ok', '已取消该单位的考核');
  await env.openMail('e2@test.example', '新区二厂的考核已取消');

  // The cycle's bulletins: none yet; one issued now is listed with its files.
  await page.goto(cycleUrl);
  await page.getByRole('link', { name: '通报', exact: true }).click();
  await shows('p.muted', '本年度还没有编发通报');
  await page.getByRole('button', { name: '立即编发一期通报' }).click();
  await shows('p.ok', '已编发新一期通报');
  await shows('table.bulletins', '第 1 期');
  await shot('bulletins');
  await page.getByRole('link', { name: '网页' }).first().click();
  await shows('body', '第 1 期');
  await page.goto(cycleUrl);

  // The outbox page lists what was sent; a failed email can be resent.
  const failed = await db.outboxMessage.findFirstOrThrow({ where: { toEmail: 'e2@test.example' } });
  await db.outboxMessage.update({
    where: { id: failed.id },
    data: { status: 'FAILED', lastError: '550 mailbox unavailable' },
  });
  await page.getByRole('link', { name: '邮件发送' }).first().click();
  await page.getByRole('link', { name: /发送失败/ }).click();
  await shows('table.outbox', '550 mailbox unavailable');
  await shot('outbox');
  await page.getByRole('button', { name: '重新发送' }).click();
  await shows('p.ok', '已重新排队发送');
  expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: failed.id } })).status).not.toBe('FAILED');

  // Plans: the plan with its indicators; the English switch changes every string.
  await page.getByRole('link', { name: '竞赛规划' }).first().click();
  await page.getByRole('link', { name: PLAN_CODE }).click();
  await shows('table.indicators', '竞赛项目');
  await shows('table.indicators', '年度数量（按年考核）');
  await shot('plan');
  // The built-in plan states five-year totals for 2015 only: the years before show targets derived from its pace.
  await page.goto(`${stack.api.url}/admin/plans/pds-2011-2015`);
  await shows('table.indicators', '累计数（规划期合计，每年考核当年新增部分）');
  expect(await page.locator('table.indicators em[title="按规划进度推算"]').count()).toBeGreaterThan(0);
  // 100,000 upgrades by the end of 2015: each year's part is 20,000.
  const upgrades = await page
    .locator('table.indicators tr', { hasText: '提升技术等级职工' })
    .locator('td')
    .allInnerTexts();
  expect(upgrades.slice(3, 8)).toEqual(['20000*', '20000*', '20000*', '20000*', '20000*']);
  await page.goBack();
  await page.getByRole('link', { name: '分解到下级' }).first().click();
  await shows('h1', '目标分解');
  // The new county is offered what the others leave of the city's 110.
  expect(await page.locator('input[name="v_c.d"]').inputValue()).toBe('10');
  await shot('allocation');
  // Marked 不适用, the new county takes no target; the others must still add up to the city's.
  await page.getByLabel('新区：不适用').check();
  await page.getByRole('button', { name: '保存分解' }).click();
  await shows('p.problem', '110');
  expect(await page.getByLabel('新区：不适用').isChecked()).toBe(true);
  await page.locator('input[name="v_c.b"]').fill('70');
  await page.getByRole('button', { name: '保存分解' }).click();
  await shows('p.ok', '已保存');
  const cd = await db.targetAllocation.findFirstOrThrow({
    where: { organisation: { code: 'c.d' }, indicator: { code: 'a.count' }, year: YEAR },
  });
  expect([cd.notApplicable, cd.value.toNumber()]).toEqual([true, 0]);
  expect(
    await page.locator('table.allocation tr', { hasText: '新区' }).locator('td').nth(1).innerText(),
  ).toBe('不适用');
  await page.goto(cycleUrl);
  await page.getByRole('link', { name: 'English' }).click();
  await shows('h1', `${YEAR} cycle`);
  await shows('h2', 'Units per stage');
  await shot('dashboard-en');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('dashboard-phone');
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  expect(overflow).toBeLessThanOrEqual(0);
});
