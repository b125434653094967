import { readFileSync } from 'node:fs';
import type { Outcome } from './outcome.generated.ts';

/** One of the validated examples in examples/ (for tests, docs and demos). */
export function exampleOutcome(
  name: 'firmware-integrity-failed' | 'lwm2m-update-succeeded' | 'knox-unmapped',
): Outcome {
  return JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8')) as Outcome;
}
