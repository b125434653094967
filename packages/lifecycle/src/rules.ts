import type { Outcome } from '@rosetta/outcome-schema';
import defaultRules from '../rules/lifecycle.json' with { type: 'json' };
import { durationMs } from './duration.ts';

type CorrelationField = 'correlator' | 'jobId' | 'campaignId' | 'eventId' | 'package';

/** A row of the inference table: when a report implies a result the device did not send, or gives cause to doubt. */
export interface InferenceRule {
  id: string;
  /** Vocabularies it applies to; `*` for all. */
  vocabularies: string[];
  note: string;
  when: {
    openAfter?: string[];
    reported?: string[];
    reportedStatus?: string[];
    firmwareUnchanged?: boolean;
  };
  infer?: { code: string; status: 'failed' | 'succeeded' | 'cancelled' };
  flag?: 'suspicious';
}

/**
 * rules/lifecycle.json: which outcome field names an update, how long each stage may go without a report, and which
 * results are inferred.
 */
export interface LifecycleRules {
  version: string;
  correlation: { fields: Record<string, string[]> };
  deadlines: { default: Record<string, string>; vocabularies: Record<string, Record<string, string>> };
  inference: { rules: InferenceRule[] };
}

/** Stage deadlines that replace the rules' (LIFECYCLE_DEADLINES, or per tenant): vocabulary → stage → duration. */
export type DeadlineOverrides = Record<string, Record<string, string>>;

export const LIFECYCLE_RULES: LifecycleRules = defaultRules as LifecycleRules;

const isField = (f: string): f is CorrelationField =>
  f === 'correlator' || f === 'jobId' || f === 'campaignId' || f === 'eventId' || f === 'package';

/** The update an outcome belongs to: the first correlation the rules name for its vocabulary, else its operation type. */
export function updateOf(outcome: Outcome, rules: LifecycleRules = LIFECYCLE_RULES): string {
  const correlation = outcome.operation.correlation ?? {};
  for (const field of rules.correlation.fields[outcome.source.protocol] ?? []) {
    if (!isField(field)) continue;
    const value = field === 'package' ? outcome.operation.package?.version : correlation[field];
    if (value) return `${field}:${value}`;
  }
  return `operation:${outcome.operation.type}`;
}

/** A tenant's own stage deadlines (LIFECYCLE_TENANT_DEADLINES): the most specific of all. */
export interface TenantDeadlines {
  tenant: string;
  overrides: DeadlineOverrides;
}

/**
 * How long `stage` may last without a report for `vocabulary`, and the rule that says so: the tenant's override, the
 * deployment's override, the vocabulary's row, the default; undefined: no deadline.
 */
export function stageDeadline(
  vocabulary: string,
  stage: string,
  rules: LifecycleRules = LIFECYCLE_RULES,
  overrides: DeadlineOverrides = {},
  tenant?: TenantDeadlines,
): { ms: number; rule: string } | undefined {
  const candidates: [string | undefined, string][] = [
    [
      tenant?.overrides[vocabulary]?.[stage],
      `deadline/tenant/${tenant?.tenant ?? ''}/${vocabulary}/${stage}`,
    ],
    [overrides[vocabulary]?.[stage], `deadline/override/${vocabulary}/${stage}`],
    [rules.deadlines.vocabularies[vocabulary]?.[stage], `deadline/${vocabulary}/${stage}`],
    [rules.deadlines.default[stage], `deadline/default/${stage}`],
  ];
  for (const [duration, rule] of candidates) {
    const ms = duration === undefined ? undefined : durationMs(duration);
    if (ms !== undefined) return { ms, rule };
  }
  return undefined;
}
