export type { Outcome } from '@rosetta/outcome-schema';
export { type Classification, Deduplicator } from './dedup.ts';
export { type DecodeResult, decodeOutcomeEvent, type OutcomeEvent, type RawMessage } from './event.ts';
export { FleetView } from './fleet.ts';
export { type SubscribeOptions, type Subscription, subscribeOutcomes } from './subscribe.ts';
