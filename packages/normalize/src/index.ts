export { type DeadLetterReason, type DeadLetterStage, deadLetter } from './dead-letter.ts';
export { type Normalized, type NormalizeOptions, normalize, outcomesOf } from './normalize.ts';
