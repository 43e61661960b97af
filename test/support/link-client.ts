/** Opens an email link and posts its form the way a browser does: the page's cookie and CSRF field included. */
export interface LinkPage {
  status: number;
  html: string;
  cookie?: string;
  csrf?: string;
}

export async function openLink(url: string, cookie?: string): Promise<LinkPage> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const html = await res.text();
  const set = res.headers.get('set-cookie');
  return {
    status: res.status,
    html,
    cookie: set ? set.split(';')[0] : cookie,
    csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1],
  };
}

export async function postLink(
  url: string,
  page: Pick<LinkPage, 'cookie' | 'csrf'> | null,
  fields: Record<string, string | string[]>,
): Promise<{ status: number; html: string }> {
  const form = new URLSearchParams();
  if (page?.csrf) form.append('_csrf', page.csrf);
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(page?.cookie ? { cookie: page.cookie } : {}),
    },
    body: form.toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text() };
}
