export {
  NORMALIZER_GROUP,
  type Normalizer,
  type NormalizerCounters,
  type NormalizerOptions,
  startNormalizer,
} from './app.ts';
export { type NormalizerServiceConfig, normalizerConfigSpec } from './config.ts';
export { type DeadLetterReason, type DeadLetterStage, deadLetter } from './dead-letter.ts';
export {
  type Normalized,
  type NormalizeOptions,
  normalize,
  outcomesOf,
} from './normalize.ts';
