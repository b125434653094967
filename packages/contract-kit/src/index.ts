export { CONTRACT_DIR, type ContractCase, loadCases } from './cases.ts';
export { CONTRACT_ERRORS, ContractError } from './errors.ts';
export { mismatches } from './match.ts';
export { NormalizingPublisher } from './normalizing-publisher.ts';
export { OutcomeCollector } from './outcome-collector.ts';
export type { OutcomeSource } from './outcome-source.ts';
export { type CaseResult, type RunOptions, runCase } from './run.ts';
export { scaffoldCase } from './scaffold.ts';
export {
  DEFAULT_DEVICE,
  type Gateway,
  HTTP_VOCABULARIES,
  OMADM_VOCABULARIES,
  type Sent,
  sendCase,
  WEBHOOK_VOCABULARIES,
} from './send.ts';
export { readAnswer } from './syncml-answer.ts';
