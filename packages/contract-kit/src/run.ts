import type { Outcome } from '@rosetta/outcome-schema';
import type { ContractCase } from './cases.ts';
import { CONTRACT_ERRORS, ContractError } from './errors.ts';
import { mismatches } from './match.ts';
import type { OutcomeSource } from './outcome-source.ts';
import { type Gateway, sendCase } from './send.ts';

export interface CaseResult {
  name: string;
  problems: string[];
  outcomes: Outcome[];
}

/**
 * Sends a case (`repeat` times), checks the answer, then the canonical outcomes that reach the collector: by the ids
 * the answer names (webhooks), or the new outcomes of the case's device (OMA-DM answers carry no ids). A case that
 * expects no outcome waits briefly to prove none appears.
 */
export interface RunOptions {
  /** How long a case that expects no outcome waits to prove none appears (default 1500 ms; 0 in memory). */
  quietMs?: number;
  /** How long to wait for expected outcomes (default 30 s). */
  timeoutMs?: number;
}

export async function runCase(
  c: ContractCase,
  gateway: Gateway,
  collector: OutcomeSource,
  tenant: string,
  options: RunOptions = {},
): Promise<CaseResult> {
  const key = (o: Outcome) => `${o.tenant}/${o.device.id}`;
  const device = c.request.device ?? 'IMEI:493005100592800';
  const before = collector.all.filter((o) => key(o) === `${tenant}/${device}`).length;
  const sent = [];
  for (let i = 0; i < (c.request.repeat ?? 1); i++) sent.push(await sendCase(c, gateway));
  const first = sent[0];
  if (!first) throw new ContractError(CONTRACT_ERRORS.CASE_INVALID, `${c.name}: no request was sent`);
  const problems = [
    ...(first.status === c.answer.status
      ? []
      : [
          `answer status: expected ${c.answer.status}, got ${first.status} ${JSON.stringify(first.json ?? '')}`,
        ]),
    ...(c.answer.body ? mismatches(first.json, c.answer.body, 'answer body') : []),
    ...(c.answer.syncml
      ? mismatches(first.syncml, { ...c.answer.syncml, final: true }, 'answer syncml')
      : []),
    ...sent
      .slice(1)
      .flatMap((again) => mismatches(again.json?.ids, first.json?.ids ?? [], 'repeated answer ids')),
  ];
  const ids = first.json?.ids;
  const expected = c.outcomes.length;
  const deadline = Date.now() + (expected > 0 ? (options.timeoutMs ?? 30_000) : (options.quietMs ?? 1500));
  const found = (): Outcome[] =>
    ids
      ? collector.waitingIds(ids)
      : collector.all.filter((o) => key(o) === `${tenant}/${device}`).slice(before);
  while (found().length < Math.max(expected, 1) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const outcomes = found();
  problems.push(
    ...mismatches(
      outcomes,
      c.outcomes.map((o) => ({ tenant, ...o })),
      'outcomes',
    ),
  );
  return { name: c.name, problems, outcomes };
}
