/**
 * In a real browser, on the embedded defaults (local mailbox, no SMTP_URL): a unit opens its invitation from the
 * mailbox page and submits its plan through the form; a committee member reads the confirmation page and returns
 * it with a comment; the unit resubmits from the prefilled form; the chair approves; the workflow advances.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { artifact } from './support/browser';
import { PLAN_CODE, shanghaiIn, YEAR } from './support/cycle-fixture';
import { startMailboxBrowser, type MailboxBrowser } from './support/mailbox-browser';
import type { TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

let env: MailboxBrowser;
let stack: TestStack;
let page: Page;

beforeAll(async () => {
  env = await startMailboxBrowser('mail-browser-test');
  ({ stack, page } = env);
}, 120_000);

afterAll(() => env?.stop());

/** Waits until an element matching `selector` shows `text`. */
async function shows(selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}

const openFromMailbox = (to: string, subject: string, nth?: number) => env.openFromMailbox(to, subject, nth);

it('takes a plan from submission through return, resubmission and approval, all from emailed links', async () => {
  const r = await stack.client.call('POST', '/api/cycles', {
    plan: PLAN_CODE,
    year: YEAR,
    units: { codes: ['c.b'] },
    calendar: {
      planSubmission: { due: shanghaiIn(3_600_000) },
      targetSetting: { due: shanghaiIn(7_200_000) },
      checks: [{ label: '第一季度', asOf: shanghaiIn(7_300_000), due: shanghaiIn(10_800_000) }],
      evaluation: { due: shanghaiIn(14_400_000) },
    },
    decisionPolicy: { kind: 'ANY_ONE' },
  });
  expect(r.status).toBe(201);

  // The unit's contact submits the plan through the form.
  await openFromMailbox('c.b@test.example', '前提交年度劳动竞赛规划方案');
  await page.screenshot({ path: artifact('link-submit-form.png'), fullPage: true });
  await page.getByLabel('方案名称').fill('单位c.b 2026 年劳动竞赛方案');
  await page.getByLabel('方案概要').fill('围绕重点工程开展劳动竞赛');
  await page.getByLabel('主要措施（每行一条）').fill('季度技能比武\n安康杯竞赛');
  await page.getByRole('button', { name: '提交' }).click();
  await shows('p.ok', '已提交年度劳动竞赛规划方案（第 1 版）');

  // A committee member reads what is asked and returns it with a comment.
  await openFromMailbox('m1@test.example', '审核单位c.b');
  await shows('h1', '审核：单位c.b — 年度劳动竞赛规划方案');
  await shows('main', '围绕重点工程开展劳动竞赛');
  await page.screenshot({ path: artifact('link-confirmation-page.png'), fullPage: true });
  await page.getByLabel('审核意见（退回或不同意时必填）').fill('<b>请补充</b>安全生产措施');
  await page.getByRole('button', { name: '退回修改' }).click();
  await shows('p.ok', '已记录您的意见：退回修改');
  await page.goBack();
  await page.reload();
  await shows('main', '此链接已经使用过');

  // The unit resubmits from the form, prefilled with its first version and showing the comment as text.
  await openFromMailbox('c.b@test.example', '已退回，请于');
  expect(await page.getByLabel('方案名称').inputValue()).toBe('单位c.b 2026 年劳动竞赛方案');
  // Every line exactly as submitted: no indentation creeps into a prefilled text area.
  expect(await page.getByLabel('主要措施（每行一条）').inputValue()).toBe('季度技能比武\n安康杯竞赛');
  await shows('.comment-text', '<b>请补充</b>安全生产措施');
  await page.getByLabel('主要措施（每行一条）').fill('季度技能比武\n安康杯竞赛\n安全生产月活动');
  await page.getByRole('button', { name: '提交' }).click();
  await shows('p.ok', '第 2 版');

  // The chair approves, and the unit moves on to target setting.
  await openFromMailbox('chair@test.example', '审核单位c.b', 2);
  await shows('main', '安全生产月活动');
  await page.getByLabel('审核意见（退回或不同意时必填）').fill('同意');
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await shows('p.ok', '已记录您的意见：同意');
  const state = await stack.client.until('c.b', YEAR, 'targets', 'WAITING_SUBMISSION');
  expect(state.submissions.map((s: { version: number }) => s.version)).toEqual([1, 2]);

  // Phone width: the targets form is usable and prefilled from the allocation.
  await page.setViewportSize({ width: 390, height: 844 });
  await openFromMailbox('c.b@test.example', '前提交年度目标任务');
  expect(await page.locator('input[name="target_a.count"]').inputValue()).toBe('60');
  await page.screenshot({ path: artifact('link-targets-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`${stack.config.publicUrl}/mailbox`);
  await page.screenshot({ path: artifact('mailbox.png'), fullPage: true });
});
