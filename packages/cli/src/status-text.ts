import type { UpdateState } from '@rosetta/lifecycle';
import type { CampaignSummary, DeviceLine, DriftSeries, UnmappedCode } from '@rosetta/lifecycle-service';

const line = (d: DeviceLine) =>
  `  ${d.device}  ${d.status}  ${d.stage}  ${d.code} (${d.sourceCode})  ${d.firstReport} → ${d.lastReport}`;

/** `rosetta status device`: one paragraph per update, newest transition last. */
export function deviceText(tenant: string, device: string, updates: readonly UpdateState[]): string {
  const out = [`${tenant}/${device}: ${updates.length} update(s)`];
  for (const u of updates) {
    out.push(
      `${u.update}  ${u.status} at ${u.stage}  ${u.last.code} (${u.vocabulary} ${u.last.sourceCode})  attempt ${u.attempts}`,
      `  started ${u.startedAt}, updated ${u.updatedAt}${u.finishedAt ? `, finished ${u.finishedAt}` : ''}`,
    );
    if (u.deadline) out.push(`  deadline ${u.deadline.at} for ${u.deadline.stage} (${u.deadline.rule})`);
    if (u.superseded) out.push(`  superseded ${u.superseded.rule} at ${u.superseded.at}`);
    for (const t of u.history)
      out.push(
        `    ${t.report.occurredAt}  ${t.status}  ${t.report.code}${t.inferred ? ` (inferred: ${t.inferred})` : ''}${t.late ? ' (late)' : ''}`,
      );
  }
  return out.join('\n');
}

const percent = (ratio: number | null) => (ratio === null ? 'n/a' : `${(ratio * 100).toFixed(1)} %`);
const counts = (byKey: Record<string, number>) =>
  Object.entries(byKey)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');

/** `rosetta status campaign`: counts first, then who is stuck and who failed. */
export function campaignText(summary: CampaignSummary): string {
  const out = [
    `campaign ${summary.tenant}/${summary.id}: ${summary.devices} device(s), success ${percent(summary.successRatio)}`,
    `  reports ${summary.firstReport} → ${summary.lastReport}`,
    `  by status: ${counts(summary.byStatus)}`,
    `  by code: ${counts(summary.byCode)}`,
  ];
  if (summary.stuck.length > 0) out.push(`stuck (${summary.stuck.length}):`, ...summary.stuck.map(line));
  if (summary.failed.length > 0) out.push(`failed (${summary.failed.length}):`, ...summary.failed.map(line));
  return out.join('\n');
}

/** `rosetta status campaign --status`: the listed devices. */
export function devicesText(listing: {
  tenant: string;
  id: string;
  total: number;
  devices: DeviceLine[];
}): string {
  const shown = listing.devices.length < listing.total ? ` (first ${listing.devices.length})` : '';
  return [
    `campaign ${listing.tenant}/${listing.id}: ${listing.total} device(s)${shown}`,
    ...listing.devices.map(line),
  ].join('\n');
}

/** `rosetta status drift`: the shares per tenant and vocabulary, then the unmapped codes to write rows for. */
export function driftText(
  windowSeconds: number,
  series: readonly DriftSeries[],
  codes: readonly UnmappedCode[],
): string {
  const out = [`mapping drift over the last ${windowSeconds / 60} min`];
  for (const s of series)
    out.push(
      `  ${s.vocabulary}  ${s.tenant}  ${s.outcomes} outcome(s)  unmapped ${percent(s.unmappedShare)}  broader ${percent(s.broaderShare)}`,
    );
  if (series.length === 0) out.push('  no outcomes in the window');
  if (codes.length > 0) out.push('unmapped codes seen (add a row for each):');
  for (const c of codes)
    out.push(
      `  ${c.vocabulary} ${c.code}  ${c.count}×  ${c.firstSeen} → ${c.lastSeen}  (${c.tenants.join(', ')})`,
    );
  return out.join('\n');
}
