/**
 * The smallest process built on the approval kit, end to end on real servers: an admin issues a notice (a numbered
 * document in the archive) to two units' contacts; each gets an email with a link; one acknowledges in Chromium,
 * the other from the same link flow over HTTP; a second click is refused; reminders reach only who has not
 * acknowledged; the notice closes once all have.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { artifact, launchBrowser } from './support/browser';
import { openLink, postLink } from './support/link-client';
import { linkIn, mailTo, SmtpPeer } from './support/smtp-peer';
import { shanghaiIn } from './support/cycle-fixture';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const peer = new SmtpPeer();
let stack: TestStack;

beforeAll(async () => {
  await peer.start();
  stack = await startTestStack({
    taskQueue: 'notice-test',
    worker: true,
    env: mailTo(peer),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await peer.stop();
});

/** A reminder about the first notice (numbered 1), not the second. */
const remindedOfFirst = (m: { subject?: string; text?: string | false }) =>
  Boolean(
    m.subject?.startsWith('【劳动竞赛】提醒') &&
    typeof m.text === 'string' &&
    m.text.includes('平工文〔2026〕1号'),
  );

const noticeMails = (who: string) =>
  peer.to(`${who}@test.example`).filter((m) => /通知|签收/.test(m.subject ?? ''));

it('issues a numbered notice, and each recipient acknowledges it once from the emailed link', async () => {
  const issue = (key: string) =>
    stack.client.call('POST', '/api/notices', {
      series: '平工文',
      issuer: '平顶山市总工会',
      title: '关于开展2026年度劳动竞赛考核工作的通知',
      body: '各县（市）区总工会：\n\n请按照年度计划开展考核工作。\n\n请于截止日前签收。',
      recipients: { units: ['c.a', 'c.b'] },
      due: shanghaiIn(40_000),
      reminders: ['15s'],
      key,
      by: 'admin@test.example',
    });
  const issued = await issue('notice-1');
  expect(issued.status).toBe(201);
  expect(issued.json).toMatchObject({ number: 1, recipients: 2, created: true });
  expect((await issue('notice-1')).json).toMatchObject({ id: issued.json.id, created: false });
  expect((await issue('notice-2')).json.number).toBe(2);
  const refused = await stack.client.call('POST', '/api/notices', {
    ...{ series: '平工文' },
    title: 'x\u0000',
  });
  expect(refused.status).toBe(422);

  const doc = await fetch(`${stack.api.url}/notices/${issued.json.id}`).then((r) => r.text());
  expect(doc).toContain('平工文〔2026〕1号');
  expect(doc).toContain('请按照年度计划开展考核工作。');

  await peer.waitFor(
    () => noticeMails('c.a').length > 0 && noticeMails('c.b').length > 0,
    30_000,
    'notice mails',
  );
  const first = noticeMails('c.a').find((m) => m.text?.includes('平工文〔2026〕1号'))!;
  expect(first.subject).toContain('关于开展2026年度劳动竞赛考核工作的通知');

  // c.a's contact acknowledges in a browser.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(linkIn(first));
    await page.getByRole('heading', { name: /签收通知/ }).waitFor();
    await page.getByText('文号：平工文〔2026〕1号').waitFor();
    await page.screenshot({ path: artifact('notice-acknowledge.png'), fullPage: true });
    await page.getByRole('button', { name: '确认签收' }).click();
    await page
      .locator('p.ok')
      .filter({ hasText: '已签收《关于开展2026年度劳动竞赛考核工作的通知》' })
      .waitFor();
    await page.goto(linkIn(first));
    await page.locator('main').filter({ hasText: '此链接已经使用过' }).waitFor();
  } finally {
    await browser.close();
  }

  // The reminder goes only to c.b, who has not acknowledged.
  await peer.waitFor(() => noticeMails('c.b').some(remindedOfFirst), 30_000, 'the reminder to c.b');
  // (c.a is reminded of the second notice, which it has not acknowledged; not of the first.)
  expect(noticeMails('c.a').some(remindedOfFirst)).toBe(false);
  const reminder = noticeMails('c.b').find(remindedOfFirst)!;
  const url = linkIn(reminder);
  const page = await openLink(url);
  expect(page.status).toBe(200);
  expect((await postLink(url, page, {})).status).toBe(200);

  const status = await stack.client.call('GET', `/api/notices/${issued.json.id}`);
  expect(status.json.receipts.map((r: { person: { name: string } }) => r.person.name).sort()).toEqual([
    'c.a联络员',
    'c.b联络员',
  ]);
  expect(status.json.status).toMatchObject({ waitingOn: [], closed: true });

  // The console's register lists both notices with their numbers; each opens as issued.
  const console = await launchBrowser();
  try {
    const page = await console.newPage();
    await page.goto(`${stack.api.url}/admin/documents`);
    await page.getByLabel('电子邮箱').fill('admin@test.example');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${stack.api.url}/admin/documents?kind=NOTICE`);
    const rows = await page.locator('#documents tbody tr').allInnerTexts();
    expect(rows).toEqual([
      expect.stringMatching(/^平工文〔2026〕2号\s+通知\s+关于开展2026年度劳动竞赛考核工作的通知/),
      expect.stringMatching(/^平工文〔2026〕1号\s+通知\s+关于开展2026年度劳动竞赛考核工作的通知/),
    ]);
    await page.screenshot({ path: artifact('document-register.png'), fullPage: true });
    await page.locator('#documents tbody tr').nth(1).getByRole('link', { name: '网页' }).click();
    await page.getByText('请按照年度计划开展考核工作。').waitFor();
    expect(await page.content()).toContain('平工文〔2026〕1号');
    await page.goto(`${stack.api.url}/admin/documents?kind=BULLETIN`);
    await page.getByText('还没有印发任何公文').waitFor();
  } finally {
    await console.close();
  }
}, 120_000);

it('corrects an issued notice by a new one that cites it; the first stays as issued; each is mailed with its PDF', async () => {
  const first = await stack.db.document.findFirstOrThrow({ where: { kind: 'NOTICE', number: 1 } });
  const body = {
    series: '平工文',
    issuer: '平顶山市总工会',
    title: '关于更正2026年度劳动竞赛考核工作通知的通知',
    body: '签收截止时间更正为下周五。',
    recipients: { units: ['c.a'] },
    due: shanghaiIn(3_600_000),
    by: 'admin@test.example',
  };
  const before = await stack.db.document.count();
  const unknown = await stack.client.call('POST', '/api/notices', {
    ...body,
    corrects: '00000000-0000-4000-8000-000000000000',
  });
  expect(unknown.status).toBe(422);
  expect(await stack.db.document.count()).toBe(before);

  const correction = await stack.client.call('POST', '/api/notices', {
    ...body,
    corrects: first.id,
    key: 'fix-1',
  });
  expect(correction.status).toBe(201);
  expect(correction.json.number).toBe(3);
  const html = await fetch(`${stack.api.url}/notices/${correction.json.id}`).then((r) => r.text());
  expect(html).toContain('现对《关于开展2026年度劳动竞赛考核工作的通知》（平工文〔2026〕1号）作如下更正：');
  expect(html).toContain('平工文〔2026〕3号');
  // The corrected notice is exactly as it was issued.
  expect((await stack.db.document.findUniqueOrThrow({ where: { id: first.id } })).html).toBe(first.html);

  await peer.waitFor(
    () => noticeMails('c.a').some((m) => m.subject?.includes('关于更正')),
    30_000,
    'the correction mailed',
  );
  const mail = noticeMails('c.a').find((m) => m.subject?.includes('关于更正'))!;
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
  expect(pdf?.filename).toBe('平工文〔2026〕3号 关于更正2026年度劳动竞赛考核工作通知的通知.pdf');
  expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
}, 60_000);
