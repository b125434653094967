export {
  applyCampaignChange,
  CAMPAIGN_LISTED,
  type Campaign,
  type CampaignChange,
  type CampaignDevice,
  campaignChange,
  campaignDevice,
  campaignOf,
} from './campaign.ts';
export { durationMs } from './duration.ts';
export { type Inferences, inferencesFor, inferredOutcomeId } from './inference.ts';
export { inferredOutcome, timedOutOutcome } from './inferred-outcome.ts';
export {
  type DeadlineOverrides,
  type InferenceRule,
  LIFECYCLE_RULES,
  type LifecycleRules,
  stageDeadline,
  type TenantDeadlines,
  updateOf,
} from './rules.ts';
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
export { validateCampaign, validateCampaignChange, validateUpdate } from './validate.ts';
