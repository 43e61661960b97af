/** Server-rendered pages: a template under templates/pages inside the shared layout, never cached, no referrer. */
import type { Response } from 'express';
import { renderInLayout, type Locale } from '../templates/render';

export function sendPage(
  res: Response,
  status: number,
  template: string,
  view: Record<string, unknown> & { locale: Locale; title: string },
): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // Link pages carry a secret token in their address; it must not leak to other sites.
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    })
    .send(renderInLayout('pages/layout.hbs', `pages/${template}.hbs`, view));
}

/** An archived document (a bulletin, a notice) as it was issued: its own HTML, allowed nothing but inline style. */
export function sendArchivedHtml(res: Response, html: string): void {
  res
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    })
    .send(html);
}
