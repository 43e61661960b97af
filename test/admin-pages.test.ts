/**
 * The admin console's entrance in a real browser: an anonymous visit is sent to sign-in, a wrong password is
 * refused on the page, the right one opens the home page with the cycles, and sign-out closes the session. A
 * sign-in POST without the form's CSRF field is refused.
 */
import type { Browser } from 'playwright-core';
import { artifact, launchBrowser } from './support/browser';
import { ADMIN_PASSWORD, startTestStack, type TestStack } from './support/test-stack';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ taskQueue: 'admin-pages-test', worker: false });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('signs an admin in and out through the pages', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${stack.api.url}/admin`);
  expect(new URL(page.url()).pathname).toBe('/admin/sign-in');

  await page.getByLabel('电子邮箱').fill('admin@test.example');
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('p.problem').waitFor();
  expect(await page.locator('p.problem').textContent()).toBe(
    '邮箱或密码不正确。多次失败后，请 15 分钟后再试。',
  );
  expect(await page.getByLabel('电子邮箱').inputValue()).toBe('admin@test.example');
  await page.screenshot({ path: artifact('admin-sign-in.png'), fullPage: true });

  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('h1', { hasText: '年度考核' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/admin');
  expect(await page.locator('main').textContent()).toContain('当前登录：Test admin（admin@test.example）');
  expect(await page.locator('main').textContent()).toContain('还没有考核周期。');
  await page.screenshot({ path: artifact('admin-home.png'), fullPage: true });

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('h1', { hasText: '管理员登录' }).waitFor();
  await page.goto(`${stack.api.url}/admin`);
  expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
  expect(await stack.db.adminSession.count()).toBe(0);
});

it('refuses a sign-in form posted without its CSRF field', async () => {
  const res = await fetch(`${stack.api.url}/admin/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'admin@test.example', password: ADMIN_PASSWORD }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(403);
  expect(res.headers.get('set-cookie') ?? '').not.toContain('jingsai_session');
  expect(await stack.db.adminSession.count()).toBe(0);
});
