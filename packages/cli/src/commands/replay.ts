import {
  createPublisher,
  OUTCOMES_TOPIC,
  type OutgoingRecord,
  RAW_TOPICS,
  type ReadStart,
  readRange,
} from '@rosetta/kafka';
import { standardTranslator } from '@rosetta/mappings';
import { normalize } from '@rosetta/normalize';
import type { Outcome } from '@rosetta/outcome-schema';
import { type Command, InvalidArgumentError } from 'commander';
import { ReplaySummary } from '../replay-summary.ts';

function parseStart(from: string): ReadStart {
  if (/^\d+$/.test(from)) return { offset: BigInt(from) };
  const time = Date.parse(from);
  if (Number.isNaN(time))
    throw new InvalidArgumentError(
      `--from must be an offset (digits) or an ISO 8601 time, got ${JSON.stringify(from)}`,
    );
  return { timestamp: time };
}

function parseOutcome(value: Buffer | null): Partial<Outcome> | undefined {
  try {
    const parsed: unknown = JSON.parse(value?.toString() ?? '');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<Outcome>) : undefined;
  } catch {
    return undefined;
  }
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      're-normalize raw history with the current tables; re-issued events keep their id and get a new recordedtime',
    )
    .requiredOption(
      '--from <time|offset>',
      'ISO 8601 time, or an offset applied to every raw partition',
      parseStart,
    )
    .option('--to-topic <name>', 'where re-issued outcomes go', OUTCOMES_TOPIC)
    .option('--json', 'print the summary as JSON')
    .action(async (options: { from: ReadStart; toTopic: string; json?: boolean }) => {
      const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
      const connection = { brokers, clientId: 'rosetta-replay' };
      const start = options.from;

      // What consumers have seen so far: the latest canonical code per outcome id.
      const previous = new Map<string, string>();
      await readRange(connection, [OUTCOMES_TOPIC], { earliest: true }, (record) => {
        // Whatever else sits on the topic (a foreign or broken record) is not an outcome we issued: skip it.
        const outcome = parseOutcome(record.value);
        if (outcome?.id && outcome.outcome) previous.set(outcome.id, outcome.outcome.code);
      });

      const translator = standardTranslator();
      const summary = new ReplaySummary();
      const publisher = await createPublisher(connection);
      let pending: OutgoingRecord[] = [];
      await readRange(connection, RAW_TOPICS, start, async (record) => {
        summary.records += 1;
        const result = normalize(record, {
          translator,
          now: () => new Date().toISOString(),
          outcomesTopic: options.toTopic,
        });
        if (result.kind === 'dead-letter') {
          summary.deadLetters += 1; // already dead-lettered by the normalizer the first time
          return;
        }
        for (const outcome of result.outcomes) summary.record(previous.get(outcome.id), outcome.outcome.code);
        pending.push(...result.records);
        if (pending.length >= 1000) {
          await publisher.publish(pending);
          pending = [];
        }
      });
      await publisher.publish(pending);
      await publisher.close();
      console.log(options.json ? JSON.stringify(summary.toJSON(), null, 2) : summary.toText());
    });
}
