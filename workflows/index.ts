export { pingWorkflow, trivialWorkflow } from './ping';
export { unitAssessmentWorkflow } from './unit-assessment';
export { cycleWorkflow } from './cycle';
export { bulletinWorkflow } from './bulletin';
