import { type Outcome, outcomeId } from '@rosetta/outcome-schema';
import { inferencesFor, inferredOutcomeId } from './inference.ts';
import {
  type DeadlineOverrides,
  LIFECYCLE_RULES,
  type LifecycleRules,
  stageDeadline,
  updateOf,
} from './rules.ts';

export type UpdateStatus = 'pending' | 'in_progress' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface Report {
  code: string;
  sourceCode: string;
  occurredAt: string;
  outcomeId?: string;
}

type Stage = Outcome['operation']['stage'];

export interface Transition {
  status: UpdateStatus;
  stage: Stage;
  report: Report;
  inferred?: string;
  late?: true;
}

/** One device's update (schema/update.v1.schema.json), the value of rosetta.updates.v1. */
export interface UpdateState {
  schemaVersion: '1.0';
  key: string;
  tenant: string;
  device: string;
  update: string;
  vocabulary: Outcome['source']['protocol'];
  operation: Outcome['operation']['type'];
  status: UpdateStatus;
  stage: Stage;
  last: Report;
  history: Transition[];
  attempts: number;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  deadline?: { stage: Stage; at: string; rule: string };
  superseded?: { rule: string; at: string };
  firmwareAtStart?: string;
  suspicious?: { rule: string; at: string };
}

export const HISTORY_LIMIT = 32;
export const TIMED_OUT_CODE = 'UPDATE_TIMED_OUT';
const FINISHED = new Set<UpdateStatus>(['succeeded', 'failed', 'timed_out', 'cancelled']);
export const isFinished = (status: UpdateStatus) => FINISHED.has(status);

export interface LifecycleOptions {
  rules?: LifecycleRules;
  deadlines?: DeadlineOverrides;
  /** Per tenant: stage deadlines that replace all others for that tenant's updates. */
  tenantDeadlines?: Record<string, DeadlineOverrides>;
}

/** The update status an outcome puts its update in: final results finish it, everything else keeps it open. */
export function statusOf(outcome: Outcome, previous: UpdateStatus | undefined): UpdateStatus {
  const { status, final } = outcome.outcome;
  if (status === 'cancelled') return 'cancelled';
  if (final && status === 'succeeded') return 'succeeded';
  if (final && status === 'failed') return 'failed';
  if (status === 'unknown') return previous ?? 'pending';
  return outcome.operation.stage === 'request' ? 'pending' : 'in_progress';
}

const time = (iso: string) => Date.parse(iso);
const bounded = (history: Transition[]) => history.slice(-HISTORY_LIMIT);

function deadlineAfter(
  tenant: string,
  vocabulary: string,
  stage: Stage,
  from: string,
  options: LifecycleOptions,
): UpdateState['deadline'] {
  const own = options.tenantDeadlines?.[tenant];
  const deadline = stageDeadline(
    vocabulary,
    stage,
    options.rules ?? LIFECYCLE_RULES,
    options.deadlines,
    own ? { tenant, overrides: own } : undefined,
  );
  return deadline && { stage, at: new Date(time(from) + deadline.ms).toISOString(), rule: deadline.rule };
}

/** Where an outcome goes: `<tenant>/<device>/<update>`. */
export function updateKey(outcome: Outcome, rules: LifecycleRules = LIFECYCLE_RULES): string {
  return `${outcome.tenant}/${outcome.device.id}/${updateOf(outcome, rules)}`;
}

/**
 * The update's state after `outcome` (event time orders it): undefined when it changes nothing (a redelivered
 * outcome). A report older than the state is kept in the history and moves nothing else; a report after a finished
 * update opens a new attempt; a real report after an inferred timeout supersedes it. The inference rules then may add
 * an inferred result after the report (the history's last transition, `inferred` set) and flag the update.
 */
export function applyOutcome(
  previous: UpdateState | undefined,
  outcome: Outcome,
  options: LifecycleOptions = {},
): UpdateState | undefined {
  if (previous?.history.some((t) => t.report.outcomeId === outcome.id)) return undefined;
  const report: Report = {
    code: outcome.outcome.code,
    sourceCode: outcome.source.code,
    occurredAt: outcome.occurredAt,
    outcomeId: outcome.id,
  };
  const stage = outcome.operation.stage;
  const status = statusOf(outcome, previous?.status);
  if (previous && time(outcome.occurredAt) < time(previous.updatedAt))
    return { ...previous, history: bounded([...previous.history, { status, stage, report, late: true }]) };
  const rules = options.rules ?? LIFECYCLE_RULES;
  const key = updateKey(outcome, rules);
  const wasInferred = previous && isFinished(previous.status) ? previous.history.at(-1)?.inferred : undefined;
  const reopened =
    previous !== undefined && isFinished(previous.status) && !isFinished(status) && !wasInferred;
  const vocabulary = outcome.source.protocol;
  const { infer, flags } = inferencesFor(
    rules,
    previous,
    previous !== undefined && !isFinished(previous.status),
    outcome,
  );
  const inferred: Transition | undefined = infer && {
    status: infer.infer.status,
    stage,
    report: {
      code: infer.infer.code,
      sourceCode: outcome.source.code,
      occurredAt: outcome.occurredAt,
      outcomeId: inferredOutcomeId(key, outcome.id, infer.id),
    },
    inferred: infer.id,
  };
  const finalStatus = inferred?.status ?? status;
  const finished = isFinished(finalStatus);
  const deadline = finished
    ? undefined
    : deadlineAfter(outcome.tenant, vocabulary, stage, outcome.occurredAt, options);
  const superseded = wasInferred ? { rule: wasInferred, at: outcome.occurredAt } : previous?.superseded;
  const firmwareAtStart = previous && !reopened ? previous.firmwareAtStart : outcome.device.firmwareVersion;
  const flag = flags[0];
  const suspicious = flag ? { rule: flag.id, at: outcome.occurredAt } : previous?.suspicious;
  const transitions: Transition[] = [{ status, stage, report }, ...(inferred ? [inferred] : [])];
  return {
    schemaVersion: '1.0',
    key,
    tenant: outcome.tenant,
    device: outcome.device.id,
    update: updateOf(outcome, rules),
    vocabulary,
    operation: outcome.operation.type,
    status: finalStatus,
    stage,
    last: inferred?.report ?? report,
    history: bounded([...(previous?.history ?? []), ...transitions]),
    attempts: (previous?.attempts ?? 0) + (previous && !reopened ? 0 : 1),
    startedAt: previous && !reopened ? previous.startedAt : outcome.occurredAt,
    updatedAt: outcome.occurredAt,
    ...(finished ? { finishedAt: outcome.occurredAt } : {}),
    ...(deadline ? { deadline } : {}),
    ...(superseded ? { superseded } : {}),
    ...(firmwareAtStart !== undefined ? { firmwareAtStart } : {}),
    ...(suspicious ? { suspicious } : {}),
  };
}

/**
 * The id of the UPDATE_TIMED_OUT outcome a deadline gives: the same in every replica and after every restart, so the
 * outcome, when it comes back on the outcomes topic, is recognised as already applied.
 */
export function timeoutOutcomeId(key: string, at: string, rule: string): string {
  return outcomeId(['lifecycle', key, at, rule]);
}

/**
 * At `now`, the state of an update whose deadline passed without a report: timed out at the deadline, by the
 * deadline's rule; undefined when it is not overdue. The deadline is gone from the result, so it fires once.
 */
export function overdue(state: UpdateState, now: number): UpdateState | undefined {
  const { deadline } = state;
  if (!deadline || isFinished(state.status) || now < time(deadline.at)) return undefined;
  const { deadline: _fired, ...rest } = state;
  const report: Report = {
    code: TIMED_OUT_CODE,
    sourceCode: state.last.sourceCode,
    occurredAt: deadline.at,
    outcomeId: timeoutOutcomeId(state.key, deadline.at, deadline.rule),
  };
  return {
    ...rest,
    status: 'timed_out',
    last: report,
    history: bounded([
      ...state.history,
      { status: 'timed_out', stage: state.stage, report, inferred: deadline.rule },
    ]),
    updatedAt: deadline.at,
    finishedAt: deadline.at,
  };
}
