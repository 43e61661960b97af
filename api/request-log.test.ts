import { loggedPath } from './request-log';

it('logs a link without its token and a query without its secrets', () => {
  expect(loggedPath('/a/AbC123_-xyz')).toBe('/a/[token]');
  expect(loggedPath('/a/AbC123/files/5?x=1')).toBe('/a/[token]/files/5?x=1');
  expect(loggedPath('/api/outbox?status=SENT&token=abc&limit=5')).toBe(
    '/api/outbox?status=SENT&token=[redacted]&limit=5',
  );
  expect(loggedPath('/admin/plans/pds')).toBe('/admin/plans/pds');
});
