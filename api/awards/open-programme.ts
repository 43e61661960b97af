/** Opening a draft programme's nominations: its workflow starts and mails each nominating unit its link. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { markProgrammeOpened, workflowInputOf } from '../../stores/awards/programmes';
import type { Db } from '../../stores/db';
import { AWARDS_WORKFLOW, awardWorkflowId } from '../../workflows/awards/contract';

/** Starts the programme's workflow (a second call finds it started) and marks the draft opened. */
export async function openProgramme(
  db: Db,
  client: Client,
  taskQueue: string,
  programmeId: string,
  by: string,
): Promise<string> {
  const input = (await workflowInputOf(db, programmeId))!;
  const workflowId = awardWorkflowId(programmeId);
  try {
    await client.workflow.start(AWARDS_WORKFLOW, { taskQueue, workflowId, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await markProgrammeOpened(db, programmeId, workflowId, by);
  return workflowId;
}
