/** A signed-in admin console session over plain HTTP, for tests that read console pages without a browser. */
import { ADMIN_PASSWORD } from './test-stack';

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

export async function consoleSession(baseUrl: string): Promise<{ get(path: string): Promise<Response> }> {
  const form = await fetch(`${baseUrl}/admin/sign-in`);
  const jar = cookiesOf(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the sign-in page has no CSRF field');
  const signedIn = await fetch(`${baseUrl}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email: 'admin@test.example', password: ADMIN_PASSWORD }),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  jar.push(...cookiesOf(signedIn));
  return { get: (path) => fetch(`${baseUrl}${path}`, { headers: { cookie: jar.join('; ') } }) };
}
