// Every workflow the worker registers, each in its feature folder beside its contract.
export { pingWorkflow, trivialWorkflow } from './health/ping';
export { echoWorkflow } from './health/echo';
export { unitAssessmentWorkflow } from './assessment/workflow';
export { cycleWorkflow } from './cycle/workflow';
export { bulletinWorkflow } from './bulletin/workflow';
export { noticeWorkflow } from './notice/workflow';
export { awardProgrammeWorkflow } from './awards/workflow';
export { cycleNoticesWorkflow } from './cycle-notices/workflow';
