export { durationMs } from './duration.ts';
export {
  type DeadlineOverrides,
  LIFECYCLE_RULES,
  type LifecycleRules,
  stageDeadline,
  updateOf,
} from './rules.ts';
export { timedOutOutcome } from './timeout-outcome.ts';
export {
  applyOutcome,
  HISTORY_LIMIT,
  isFinished,
  type LifecycleOptions,
  overdue,
  type Report,
  statusOf,
  TIMED_OUT_CODE,
  type Transition,
  timeoutOutcomeId,
  type UpdateState,
  type UpdateStatus,
  updateKey,
} from './update-state.ts';
export { validateUpdate } from './validate.ts';
