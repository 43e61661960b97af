/**
 * The headers every answer carries (Helmet): a Content-Security-Policy that allows no script at all and no
 * framing, no MIME sniffing, no Referer (link pages carry their token in the address), HSTS when the public
 * address is HTTPS; and no caching of the API's JSON (a created token is in it).
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Nothing but the page itself, its inline style and images: no script from anywhere, no framing.
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.https ? { maxAge: 180 * 86_400, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}

/** The API's answers are never kept by a browser or a proxy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
