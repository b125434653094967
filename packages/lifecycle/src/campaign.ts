import type { UpdateState, UpdateStatus } from './update-state.ts';

/** The correlation fields that name a campaign (or a job, which campaigns of most sources are made of). */
const CAMPAIGN_FIELDS: readonly string[] = ['campaignId', 'jobId'];

/** Devices a campaign record lists as stuck and as failed, each (its counts always cover every device). */
export const CAMPAIGN_LISTED = 100;

/** What a campaign shows of one device's update. */
export interface CampaignDevice {
  device: string;
  status: UpdateStatus;
  stage: string;
  code: string;
  sourceCode: string;
  firstReport: string;
  lastReport: string;
}

/** One device update's move within its campaign: the record of the campaign-changes topic, keyed by campaign. */
export interface CampaignChange {
  tenant: string;
  campaign: string;
  update: string;
  previous?: { status: UpdateStatus; code: string };
  current: CampaignDevice;
}

/** A campaign's results (schema/campaign.v1.schema.json), the value of the compacted topic rosetta.campaigns.v1. */
export interface Campaign {
  schemaVersion: '1.0';
  key: string;
  tenant: string;
  id: string;
  devices: number;
  byStatus: Record<UpdateStatus, number>;
  byCode: Record<string, number>;
  /** Succeeded among the finished updates (null before any finished). */
  successRatio: number | null;
  /** Timed-out devices, at most CAMPAIGN_LISTED. */
  stuck: CampaignDevice[];
  /** Failed devices, at most CAMPAIGN_LISTED. */
  failed: CampaignDevice[];
  firstReport: string;
  lastReport: string;
}

/** `campaignId:c-7` or `jobId:j-1` → the id; other updates belong to no campaign. */
export function campaignOf(state: Pick<UpdateState, 'update'>): string | undefined {
  const at = state.update.indexOf(':');
  return CAMPAIGN_FIELDS.includes(state.update.slice(0, at)) ? state.update.slice(at + 1) : undefined;
}

export const campaignDevice = (s: UpdateState): CampaignDevice => ({
  device: s.device,
  status: s.status,
  stage: s.stage,
  code: s.last.code,
  sourceCode: s.last.sourceCode,
  firstReport: s.startedAt,
  lastReport: s.updatedAt,
});

/** The change an update's new state makes to its campaign; undefined outside campaigns or when nothing shown moved. */
export function campaignChange(
  previous: UpdateState | undefined,
  next: UpdateState,
): CampaignChange | undefined {
  const campaign = campaignOf(next);
  if (campaign === undefined) return undefined;
  const moved =
    !previous ||
    previous.status !== next.status ||
    previous.last.code !== next.last.code ||
    previous.stage !== next.stage;
  if (!moved) return undefined;
  return {
    tenant: next.tenant,
    campaign,
    update: next.key,
    ...(previous ? { previous: { status: previous.status, code: previous.last.code } } : {}),
    current: campaignDevice(next),
  };
}

const emptyByStatus = (): Record<UpdateStatus, number> => ({
  pending: 0,
  in_progress: 0,
  succeeded: 0,
  failed: 0,
  timed_out: 0,
  cancelled: 0,
});

/** `list` without `device`, and with it again at the end when `keep` (and there is room). */
function relist(list: CampaignDevice[], line: CampaignDevice, keep: boolean): CampaignDevice[] {
  const others = list.filter((d) => d.device !== line.device);
  return keep && others.length < CAMPAIGN_LISTED ? [...others, line] : others;
}

/** The campaign after one of its device updates moved (changes of one campaign arrive in order, each once). */
export function applyCampaignChange(campaign: Campaign | undefined, change: CampaignChange): Campaign {
  const { current, previous } = change;
  const byStatus = { ...(campaign?.byStatus ?? emptyByStatus()) };
  const byCode = { ...(campaign?.byCode ?? {}) };
  if (previous) {
    byStatus[previous.status] = Math.max(0, byStatus[previous.status] - 1);
    const left = (byCode[previous.code] ?? 1) - 1;
    if (left > 0) byCode[previous.code] = left;
    else delete byCode[previous.code];
  }
  byStatus[current.status] += 1;
  byCode[current.code] = (byCode[current.code] ?? 0) + 1;
  const finished = byStatus.succeeded + byStatus.failed + byStatus.timed_out + byStatus.cancelled;
  return {
    schemaVersion: '1.0',
    key: `${change.tenant}/${change.campaign}`,
    tenant: change.tenant,
    id: change.campaign,
    devices: (campaign?.devices ?? 0) + (previous ? 0 : 1),
    byStatus,
    byCode,
    successRatio: finished === 0 ? null : byStatus.succeeded / finished,
    stuck: relist(campaign?.stuck ?? [], current, current.status === 'timed_out'),
    failed: relist(campaign?.failed ?? [], current, current.status === 'failed'),
    firstReport:
      campaign && campaign.firstReport < current.firstReport ? campaign.firstReport : current.firstReport,
    lastReport:
      campaign && campaign.lastReport > current.lastReport ? campaign.lastReport : current.lastReport,
  };
}
