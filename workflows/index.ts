export { pingWorkflow, trivialWorkflow } from './ping';
