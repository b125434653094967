import type { OutcomeEvent } from './event.ts';

/** The latest outcome per device, and a summary a fleet dashboard would show. */
export class FleetView {
  readonly latest = new Map<string, OutcomeEvent>();

  apply(event: OutcomeEvent): void {
    const key = `${event.tenant}/${event.outcome.device.id}`;
    const current = this.latest.get(key);
    // Later occurrence wins; a correction of the same event replaces it.
    if (!current || current.outcome.occurredAt <= event.outcome.occurredAt || current.id === event.id)
      this.latest.set(key, event);
  }

  summary(): { devices: number; byStatus: Record<string, number>; byCode: Record<string, number> } {
    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    for (const { outcome } of this.latest.values()) {
      byStatus[outcome.outcome.status] = (byStatus[outcome.outcome.status] ?? 0) + 1;
      byCode[outcome.outcome.code] = (byCode[outcome.outcome.code] ?? 0) + 1;
    }
    return { devices: this.latest.size, byStatus, byCode };
  }
}
