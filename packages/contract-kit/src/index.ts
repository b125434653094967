export { CONTRACT_DIR, type ContractCase, loadCases } from './cases.ts';
export { mismatches } from './match.ts';
export { OutcomeCollector } from './outcome-collector.ts';
export { type CaseResult, runCase } from './run.ts';
export { scaffoldCase } from './scaffold.ts';
export {
  DEFAULT_DEVICE,
  type Gateway,
  HTTP_VOCABULARIES,
  type Sent,
  sendCase,
  WEBHOOK_VOCABULARIES,
} from './send.ts';
export { readAnswer } from './syncml-answer.ts';
