import type { Metrics } from '@rosetta/telemetry';

export interface IgnoredAlertTypes {
  note(types: readonly string[]): void;
}

/** Distinct unknown types logged at most: the type comes from the device, so the set must not grow without end. */
const MAX_LOGGED_TYPES = 256;

/**
 * Generic Alert types that no routing row knows are counted, and each distinct type is logged once (up to 256
 * types), so an operator sees a vendor's new alert type without a log line per message.
 */
export function ignoredAlertTypes(metrics: Metrics, log: (type: string) => void): IgnoredAlertTypes {
  const logged = new Set<string>();
  return {
    note(types: readonly string[]): void {
      for (const type of types) {
        metrics.omadmAlertsIgnored.inc();
        if (logged.size >= MAX_LOGGED_TYPES || logged.has(type)) continue;
        logged.add(type);
        log(type);
      }
    },
  };
}
