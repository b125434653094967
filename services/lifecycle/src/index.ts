export { buildLifecycleApi, LIFECYCLE_ERRORS } from './api.ts';
export {
  LIFECYCLE_GROUP,
  type LifecycleService,
  type LifecycleServiceOptions,
  startLifecycle,
} from './app.ts';
export { lifecycleConfigSpec } from './config.ts';
export { type DriftSeries, DriftTracker, type UnmappedCode } from './drift.ts';
export {
  CAMPAIGN_DATASCHEMA,
  CAMPAIGN_EVENT_TYPE,
  campaignRecord,
  UPDATE_DATASCHEMA,
  UPDATE_EVENT_TYPE,
  updateRecord,
} from './records.ts';
export { lifecycleService } from './service.ts';
export { type CampaignSummary, type DeviceLine, UpdatesView } from './updates-view.ts';
