import { RestartBackoff } from './backoff';

it('doubles the wait while a part keeps dying, up to 30 s, and starts again after a stable minute', () => {
  const b = new RestartBackoff();
  let t = 0;
  const delays = Array.from({ length: 7 }, () => {
    b.up(t);
    t += 1000;
    return b.next(t);
  });
  expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  b.up(t);
  expect(b.next(t + 60_000)).toBe(1000);
});
