import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { noStore, securityHeaders } from './security-headers';

async function headersOf(https: boolean, path: string): Promise<Headers> {
  const app = express();
  app.use(securityHeaders({ https }));
  app.use('/api', noStore);
  app.get(/.*/, (_req, res) => res.send('ok'));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)).headers;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

it('allows no script and no framing, sends no Referer, and keeps HSTS for an HTTPS public address', async () => {
  const plain = await headersOf(false, '/a/token');
  const csp = plain.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('script-src');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(plain.get('x-content-type-options')).toBe('nosniff');
  expect(plain.get('referrer-policy')).toBe('no-referrer');
  expect(plain.get('x-frame-options')).toBe('DENY');
  expect(plain.get('strict-transport-security')).toBeNull();
  expect(plain.get('cache-control')).toBeNull();
  expect((await headersOf(true, '/')).get('strict-transport-security')).toBe(
    'max-age=15552000; includeSubDomains',
  );
  expect((await headersOf(false, '/api/tokens')).get('cache-control')).toBe('no-store');
});
