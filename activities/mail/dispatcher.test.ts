import { UnsendableMailError } from './compose';
import { backoffMs, isPermanent, messageIdFor } from './delivery';

it('treats 5xx replies and unrenderable mail as permanent, everything else as transient', () => {
  expect(isPermanent({ responseCode: 550, code: 'EENVELOPE' })).toBe(true);
  expect(isPermanent(new UnsendableMailError('no template'))).toBe(true);
  expect(isPermanent({ responseCode: 451, code: 'EENVELOPE' })).toBe(false);
  expect(isPermanent({ code: 'ECONNREFUSED' })).toBe(false);
  // A bad password is the admin's to fix; the mail must go out once it is.
  expect(isPermanent({ responseCode: 535, code: 'EAUTH' })).toBe(false);
});

it('backs off exponentially up to the maximum', () => {
  expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
});

it('gives every attempt at one notification the same Message-ID, on the sender domain', () => {
  const a = messageIdFor('wf:plan:0:INVITE:p1', 'jingsai <noreply@union.example>');
  expect(a).toBe(messageIdFor('wf:plan:0:INVITE:p1', 'noreply@union.example'));
  expect(a).toMatch(/^<[0-9a-f]{40}@union\.example>$/);
  expect(messageIdFor('wf:plan:0:INVITE:p2', 'noreply@union.example')).not.toBe(a);
});
