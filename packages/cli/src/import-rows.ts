import { type Translator, toOutcome } from '@rosetta/mappings';
import type { Outcome, Vocabulary } from '@rosetta/outcome-schema';
import { CLI_ERRORS } from './errors.ts';

export interface ImportColumns {
  device: string;
  code: string;
  time: string;
}

export interface ImportOptions {
  vocabulary: Vocabulary;
  tenant: string;
  columns: ImportColumns;
  profile?: string;
}

export interface ImportError {
  code: (typeof CLI_ERRORS)[keyof typeof CLI_ERRORS];
  line: number;
  message: string;
  raw: string;
}

export type ImportResult = { outcome: Outcome } | { error: ImportError };

const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value.trim() || undefined
    : typeof value === 'number'
      ? String(value)
      : undefined;

/** One row of a historical export → one canonical outcome, or an error naming the line and what is wrong. */
export function importRow(
  translator: Translator,
  options: ImportOptions,
  record: Record<string, unknown>,
  line: number,
  raw: string,
): ImportResult {
  const device = text(record[options.columns.device]);
  const code = text(record[options.columns.code]);
  const time = text(record[options.columns.time]);
  const fail = (message: string): ImportResult => ({
    error: { code: CLI_ERRORS.BAD_ROW, line, message, raw },
  });
  if (!device) return fail(`column "${options.columns.device}" (device id) is empty or missing`);
  if (!code) return fail(`column "${options.columns.code}" (result code) is empty or missing`);
  let occurredAt: string | undefined;
  if (time) {
    const parsed = new Date(/^\d+$/.test(time) ? Number(time) : time);
    if (Number.isNaN(parsed.getTime()))
      return fail(`column "${options.columns.time}" is not a time: ${JSON.stringify(time)}`);
    occurredAt = parsed.toISOString();
  }
  const translation = translator.translate(options.vocabulary, code, options.profile);
  const receivedAt = new Date().toISOString();
  // The id depends only on the row's content, so importing the same export twice yields the same ids.
  const recordId = `import:${device}:${code}:${occurredAt ?? ''}`;
  return {
    outcome: toOutcome(translation, {
      tenant: options.tenant,
      device: { id: device },
      recordId,
      receivedAt,
      ...(occurredAt ? { occurredAt } : {}),
    }),
  };
}
