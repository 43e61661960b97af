import { ASSESSMENT_NOTIFICATION_KINDS } from '../../workflows/assessment/contract';
import { isNotificationKind, preparerOf, type NotificationKind } from './registry';

it('prepares every kind a workflow sends, and refuses kinds no feature knows', () => {
  for (const kind of [...ASSESSMENT_NOTIFICATION_KINDS, 'BULLETIN', 'ACTIVITY_PROBLEM'])
    expect(preparerOf(kind)).toBeInstanceOf(Function);
  expect(isNotificationKind('INVITE_PLNA')).toBe(false);
  expect(preparerOf('toString')).toBeUndefined();
});

// `npm run typecheck` proves this: a misspelt kind does not compile.
// @ts-expect-error 'INVITE_PLNA' is not a notification kind
export const misspelt: NotificationKind = 'INVITE_PLNA';
