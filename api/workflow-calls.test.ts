/**
 * An update the server turned away while a unit's workflow task is retried after a worker died is sent again, and
 * if it is still turned away the person is told to try again shortly (503), not that something broke (500).
 */
import { ServiceError } from '@temporalio/client';
import { isUnavailable } from './errors';
import { withUpdateRetry } from './workflow-calls';

const taskFailing = () =>
  new ServiceError('Workflow Update failed', {
    cause: Object.assign(
      new Error(
        '9 FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.',
      ),
      { code: 9 },
    ),
  });

it('sends an update again while its workflow task is being retried', async () => {
  let tries = 0;
  const answer = await withUpdateRetry(async () => {
    if (++tries < 3) throw taskFailing();
    return 'accepted';
  });
  expect(answer).toBe('accepted');
  expect(tries).toBe(3);
});

it('does not send again what the server refused for good', async () => {
  let tries = 0;
  const refused = new ServiceError('Workflow Update failed', {
    cause: Object.assign(new Error('3 INVALID_ARGUMENT: bad request'), { code: 3 }),
  });
  await expect(
    withUpdateRetry(async () => {
      tries++;
      throw refused;
    }),
  ).rejects.toBe(refused);
  expect(tries).toBe(1);
});

it('answers a workflow task still failing as a part that is down for the moment', () => {
  expect(isUnavailable(taskFailing())).toBe(true);
  expect(
    isUnavailable(new ServiceError('Workflow Update failed', { cause: new Error('3 INVALID_ARGUMENT: x') })),
  ).toBe(false);
});
