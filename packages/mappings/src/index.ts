export {
  type AlertRoute,
  type AlertRoutingTable,
  checkAlertRouting,
  omadmAlertRouting,
  routeAlert,
} from './alert-routing.ts';
export {
  type CodeKeyFormat,
  type CodeKeyTable,
  checkCodeKeys,
  codeKey,
  codeKeyPattern,
  codeKeyTable,
} from './code-keys.ts';
export { coverage, type VocabularyCoverage } from './coverage.ts';
export { type Crosswalk, type CrosswalkCandidate, type CrosswalkFidelity, crosswalk } from './crosswalk.ts';
export { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
export {
  checkInferenceRules,
  type InferenceRule,
  type InferenceTable,
  inferenceFor,
  inferenceRules,
} from './inference.ts';
export {
  checkProfile,
  type LoadedTables,
  PROFILES_DIR,
  readTables,
  standardTranslator,
  TABLES_DIR,
} from './load.ts';
export type { Profile } from './profiles.ts';
export { renderCsv, renderMarkdown } from './render.ts';
export { diffTables, renderTableDiff, type TableDiff } from './table-diff.ts';
export { type OutcomeContext, toOutcome } from './to-outcome.ts';
export { createTranslator, MAX_CODE_LENGTH, type Translator } from './translator.ts';
export type * from './types.ts';
export { checkCanonicalTable, checkVocabularyTable } from './validate-tables.ts';
