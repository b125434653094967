import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATED_PATH, renderTypes } from './generate-types.ts';

it('the committed outcome.generated.ts matches the schema (run `pnpm --filter @rosetta/outcome-schema generate`)', async () => {
  expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await renderTypes());
});
