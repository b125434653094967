import {
  type Campaign,
  type CampaignDevice,
  campaignDevice,
  campaignOf,
  isFinished,
  type UpdateState,
  type UpdateStatus,
} from '@rosetta/lifecycle';

/** Devices listed per campaign answer at most (the counts always cover all of them). */
export const MAX_LISTED = 1000;

export type DeviceLine = CampaignDevice;

/**
 * A campaign as the API answers it: the fields of the campaigns topic's record, with up to MAX_LISTED devices per
 * list, and as stuck also the open updates past their deadline.
 */
export type CampaignSummary = Omit<Campaign, 'schemaVersion' | 'key'>;

/** What a campaign lists about one device's update. */
export const deviceLine = campaignDevice;

const isStuck = (s: UpdateState, now: number) =>
  s.status === 'timed_out' ||
  (!isFinished(s.status) && s.deadline !== undefined && Date.parse(s.deadline.at) < now);

/**
 * Every device update of the compacted updates topic, materialized (from followTopics): by device, and by campaign or
 * job for the campaign views. Pure apart from its own maps.
 */
export class UpdatesView {
  private readonly states = new Map<string, UpdateState>();
  private readonly byDevice = new Map<string, Set<string>>();
  private readonly byCampaign = new Map<string, Set<string>>();

  /** A record of the updates topic: the state, or null for a tombstone. */
  apply(key: string, state: UpdateState | null): void {
    const previous = this.states.get(key);
    if (previous) this.unindex(previous);
    if (state === null) this.states.delete(key);
    else {
      this.states.set(key, state);
      this.index(state);
    }
  }

  get size(): number {
    return this.states.size;
  }

  device(tenant: string, device: string): UpdateState[] {
    return [...(this.byDevice.get(`${tenant}/${device}`) ?? [])].flatMap((key) => this.states.get(key) ?? []);
  }

  campaignStates(tenant: string, id: string): UpdateState[] {
    return [...(this.byCampaign.get(`${tenant}/${id}`) ?? [])].flatMap((key) => this.states.get(key) ?? []);
  }

  campaign(tenant: string, id: string, now: number): CampaignSummary | undefined {
    const states = this.campaignStates(tenant, id);
    if (states.length === 0) return undefined;
    const byStatus: Record<UpdateStatus, number> = {
      pending: 0,
      in_progress: 0,
      succeeded: 0,
      failed: 0,
      timed_out: 0,
      cancelled: 0,
    };
    const byCode: Record<string, number> = {};
    let firstReport = states[0]?.startedAt ?? '';
    let lastReport = states[0]?.updatedAt ?? '';
    for (const s of states) {
      byStatus[s.status] += 1;
      byCode[s.last.code] = (byCode[s.last.code] ?? 0) + 1;
      if (s.startedAt < firstReport) firstReport = s.startedAt;
      if (s.updatedAt > lastReport) lastReport = s.updatedAt;
    }
    const finished = byStatus.succeeded + byStatus.failed + byStatus.timed_out + byStatus.cancelled;
    return {
      tenant,
      id,
      devices: states.length,
      byStatus,
      byCode,
      successRatio: finished === 0 ? null : byStatus.succeeded / finished,
      stuck: states
        .filter((s) => isStuck(s, now))
        .slice(0, MAX_LISTED)
        .map(deviceLine),
      failed: states
        .filter((s) => s.status === 'failed')
        .slice(0, MAX_LISTED)
        .map(deviceLine),
      firstReport,
      lastReport,
    };
  }

  private index(state: UpdateState): void {
    add(this.byDevice, `${state.tenant}/${state.device}`, state.key);
    const campaign = campaignOf(state);
    if (campaign) add(this.byCampaign, `${state.tenant}/${campaign}`, state.key);
  }

  private unindex(state: UpdateState): void {
    remove(this.byDevice, `${state.tenant}/${state.device}`, state.key);
    const campaign = campaignOf(state);
    if (campaign) remove(this.byCampaign, `${state.tenant}/${campaign}`, state.key);
  }
}

function add(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  if (keys) keys.add(key);
  else index.set(id, new Set([key]));
}

function remove(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(id);
}
