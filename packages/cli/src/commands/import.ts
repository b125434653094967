import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { standardTranslator } from '@rosetta/mappings';
import type { Outcome, Vocabulary } from '@rosetta/outcome-schema';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import { type ImportOptions, importRow } from '../import-rows.ts';
import { kafkaOutcomeSink, type OutcomeSink, stdoutOutcomeSink } from '../outcome-sink.ts';
import { parseVocabulary } from '../vocabulary-arg.ts';

interface Flags {
  tenant: string;
  deviceColumn: string;
  codeColumn: string;
  timeColumn: string;
  errors?: string;
  profile?: string;
  kafka?: boolean;
}

type Row =
  | { record: Record<string, unknown>; line: number; raw: string }
  | { line: number; raw: string; parseError: string };

async function* csvRows(file: string): AsyncGenerator<Row> {
  const parser = createReadStream(file).pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
    }),
  );
  for await (const row of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
    raw: string;
  }>) {
    yield { record: row.record, line: row.info.lines, raw: row.raw.trimEnd() };
  }
}

async function* ndjsonRows(file: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (raw.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        yield { record: value as Record<string, unknown>, line, raw };
      else yield { line, raw, parseError: 'expected a JSON object' };
    } catch {
      yield { line, raw, parseError: 'not valid JSON' };
    }
  }
}

/** A JSON dump: an array of objects, or a vendor list envelope such as Pelion's {"object": "list", "data": [...]}. */
async function* jsonRows(file: string): AsyncGenerator<Row> {
  const text = await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    yield { line: 1, raw: text.slice(0, 200), parseError: `not valid JSON: ${(error as Error).message}` };
    return;
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { data?: unknown })?.data;
  if (!Array.isArray(list)) {
    yield {
      line: 1,
      raw: text.slice(0, 200),
      parseError: 'expected a JSON array or an object with a "data" array',
    };
    return;
  }
  for (const [index, item] of list.entries()) {
    const raw = JSON.stringify(item);
    if (typeof item === 'object' && item !== null && !Array.isArray(item))
      yield { record: item as Record<string, unknown>, line: index + 1, raw };
    else yield { line: index + 1, raw, parseError: 'expected a JSON object' };
  }
}

function rowsOf(file: string): AsyncGenerator<Row> {
  if (file.endsWith('.csv')) return csvRows(file);
  if (file.endsWith('.json')) return jsonRows(file);
  return ndjsonRows(file);
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'translate a historical export (CSV or NDJSON) into canonical outcomes: NDJSON on stdout, or to Kafka',
    )
    .argument('<vocabulary>', 'source vocabulary of the codes in the file', parseVocabulary)
    .argument(
      '<file>',
      '.csv (with a header row), .ndjson, or .json (an array or a {"data": [...]} list envelope; for .json, line = item number)',
    )
    .option('--tenant <tenant>', 'tenant the devices belong to', 'default')
    .option('--device-column <name>', 'column holding the device id', 'device')
    .option('--code-column <name>', 'column holding the result code', 'code')
    .option('--time-column <name>', 'column holding when the result happened (ISO 8601 or epoch ms)', 'time')
    .option(
      '--errors <file>',
      'where unreadable rows go, with their line numbers (default <file>.errors.ndjson)',
    )
    .option('--profile <name>', 'override profile to apply')
    .option('--kafka', 'publish to rosetta.outcomes.v1 on KAFKA_BROKERS instead of printing')
    .action(async (vocabulary: Vocabulary, file: string, flags: Flags) => {
      const options: ImportOptions = {
        vocabulary,
        tenant: flags.tenant,
        columns: { device: flags.deviceColumn, code: flags.codeColumn, time: flags.timeColumn },
        ...(flags.profile ? { profile: flags.profile } : {}),
      };
      const errorsPath = flags.errors ?? `${file}.errors.ndjson`;
      const errors = createWriteStream(errorsPath);
      const sink: OutcomeSink = flags.kafka ? await kafkaOutcomeSink() : stdoutOutcomeSink();
      const translator = standardTranslator();
      const total = statSync(file).size;
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {value} rows', stream: process.stderr })
        : undefined;
      bar?.start(total, 0);
      let imported = 0;
      let failed = 0;
      let bytes = 0;
      const rows = rowsOf(file);
      const batch: Outcome[] = [];
      for await (const row of rows) {
        bytes += row.raw.length + 1;
        const result =
          'parseError' in row
            ? {
                error: {
                  code: 'ROSETTA_ERR_CLI_BAD_ROW',
                  line: row.line,
                  message: row.parseError,
                  raw: row.raw,
                },
              }
            : importRow(translator, options, row.record, row.line, row.raw);
        if ('error' in result) {
          failed += 1;
          errors.write(`${JSON.stringify(result.error)}\n`);
          continue;
        }
        imported += 1;
        batch.push(result.outcome);
        if (batch.length >= 1000) {
          await sink.write(batch.splice(0));
          bar?.update(Math.min(bytes, total), { value: imported + failed });
        }
      }
      await sink.write(batch.splice(0));
      await sink.close();
      bar?.update(total);
      bar?.stop();
      await new Promise((resolve) => errors.end(resolve));
      console.error(`imported ${imported} rows, ${failed} unreadable${failed ? ` (see ${errorsPath})` : ''}`);
      if (failed > 0) process.exitCode = 2;
    });
}
