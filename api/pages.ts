/** Server-rendered pages: a template under templates/pages inside the shared layout, never cached, no referrer. */
import type { RequestHandler, Response } from 'express';
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
      // Link pages carry a secret token in their address (the Referer and framing are refused for every answer,
      // api/security-headers.ts).
      'Cache-Control': 'no-store',
    })
    .send(
      renderInLayout('pages/layout.hbs', `pages/${template}.hbs`, {
        ...view,
        federation: res.locals.federation as FederationName | undefined,
      }),
    );
}

export interface FederationName {
  nameZh: string;
  nameEn: string | null;
  isDemo: boolean;
}

const FEDERATION_TTL_MS = 60_000;

/**
 * Puts the served federation's name on every page (its header names the committee of that federation), read at
 * most once a minute; pages fall back to the generic name before the tree exists.
 */
export function federationName(load: () => Promise<FederationName | null>): RequestHandler {
  let cached: { at: number; value: FederationName | null } | null = null;
  return async (_req, res, next) => {
    try {
      if (!cached || Date.now() - cached.at > FEDERATION_TTL_MS)
        cached = { at: Date.now(), value: await load() };
      if (cached.value) res.locals.federation = cached.value;
    } catch {
      // The name is decoration: a page still renders (with the generic name) when the database is down.
    }
    next();
  };
}

/** An archived document (a bulletin, a notice) as it was issued: its own HTML, allowed nothing but inline style. */
export function sendArchivedHtml(res: Response, html: string): void {
  res
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    })
    .send(html);
}
