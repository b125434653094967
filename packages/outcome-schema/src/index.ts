export {
  CE_HEADER,
  deviceKey,
  eventSource,
  OUTCOME_DATASCHEMA,
  OUTCOME_EVENT_TYPE,
  type OutcomeRecord,
  toCloudEvent,
} from './cloudevent.ts';
export { exampleOutcome } from './examples.ts';
export type * from './outcome.generated.ts';
export { outcomeId } from './outcome-id.ts';
export { outcomeSchema, type ValidationResult, validateOutcome } from './validate.ts';
export { isVocabulary, VOCABULARIES, type Vocabulary } from './vocabularies.ts';
