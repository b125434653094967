import { decodeContent, type Link, type Lwm2mResources, type SenmlPack } from '@rosetta/codecs/lwm2m';
import { publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { codeKey } from '@rosetta/mappings';
import type { RawRecord } from '@rosetta/raw-record';
import type { Metrics } from '@rosetta/telemetry';
import { type CoapReply, DeviceAsleepError, type NotificationHandler } from './coap-exchange.ts';
import type { CoapRequester } from './coap-requester.ts';
import type { Lwm2mConfig } from './config.ts';
import { followedObjects } from './followed-objects.ts';
import type { KnownValuesStore } from './known-values.ts';
import { deviceOf, lwm2mRecord } from './lwm2m-records.ts';
import { objectReports, type SendOutcome } from './object-reports.ts';
import { type FollowedInstance, type Registration, whenAwake } from './registry.ts';

export interface AdapterStats {
  registered: number;
  notifications: number;
  published: number;
  refused: number;
  dropped: number;
}

export interface FollowerContext {
  config: Lwm2mConfig;
  device: CoapRequester;
  publisher: RecordPublisher;
  metrics: Metrics;
  log: (line: Record<string, unknown>) => void;
  stats: AdapterStats;
  known: KnownValuesStore;
}

export interface ObjectFollower {
  /** Reads /3/0 once, then observes each Firmware Update and Software Management instance. */
  follow(r: Registration): Promise<void>;
  /** A registration Update's new object list: observes the instances that appeared, ends those that are gone. */
  relist(r: Registration, links: readonly Link[]): Promise<void>;
  /** Reads again every instance with an update in progress (observe is best effort). */
  refresh(r: Registration): Promise<void>;
  /** The device speaks from a new address: its observations are bound to the old one, so observe everything again. */
  reobserve(r: Registration): Promise<void>;
  /** A LwM2M Send's values, as notifications would have brought them. */
  send(r: Registration, pack: SenmlPack, wire: { format: number; payload: Buffer }): Promise<SendOutcome>;
  /** Ends what follows a registration that is gone or replaced. */
  drop(r: Registration | undefined): void;
}

/** What the server does with a registered device: read it, observe Objects 5 and 9, turn every change into a raw record. */
export function objectFollower({
  config,
  device,
  publisher,
  metrics,
  log,
  stats,
  known,
}: FollowerContext): ObjectFollower {
  /** Logs and rethrows a failed write, so a confirmable notification stays unacknowledged and comes again. */
  const publish = async (record: RawRecord) => {
    try {
      await publishRaw(publisher, [record]);
      stats.published += 1;
      metrics.accepted.inc({ vocabulary: record.vocabulary, tenant: record.tenant });
    } catch (error) {
      metrics.producerErrors.inc();
      log({
        level: 'error',
        msg: 'raw record not published',
        tenant: record.tenant,
        vocabulary: record.vocabulary,
        recordId: record.recordId,
        device: record.results[0]?.device.id,
        error: (error as Error).message,
      });
      throw error;
    }
  };

  /** A failed server operation becomes a lwm2m-coap record keyed operation/code, as seed 004 writes them. */
  const operationFailed = (r: Registration, operation: string, path: string, code: string) =>
    publish(
      lwm2mRecord(
        config,
        r,
        'lwm2m-coap',
        [operation, path, code, String(Date.now())],
        {
          contentType: 'application/json',
          encoding: 'utf8',
          body: JSON.stringify({ operation, path, code }),
          peer: `${r.address}:${r.port}`,
        },
        [{ code: codeKey('lwm2m-coap', 'response', code, operation), device: deviceOf(r) }],
      ),
    ).catch(() => undefined); // logged by publish; the device's answer cannot be asked for again

  const reports = objectReports({
    metrics,
    log,
    stats,
    publish,
    record: (r, vocabulary, parts, received, results) =>
      lwm2mRecord(config, r, vocabulary, parts, received, results),
    deviceOf,
    changed: (r) =>
      void known
        .put(r.tenant, r.endpoint, r.instances)
        .catch((error: Error) =>
          log({ level: 'warn', msg: 'known values not stored', device: r.endpoint, error: error.message }),
        ),
  });

  /** A request to the device; a queue-mode device is asked only while awake, and again when it wakes next. */
  const ask = async (
    r: Registration,
    path: string,
    onNotification?: NotificationHandler,
  ): Promise<CoapReply> => {
    for (;;) {
      await whenAwake(r);
      try {
        return await device.get(r, path, onNotification);
      } catch (error) {
        if (!(error instanceof DeviceAsleepError)) throw error;
      }
    }
  };

  const read = async (r: Registration, path: string): Promise<Lwm2mResources | undefined> => {
    try {
      const res = await ask(r, path);
      if (!res.code.startsWith('2.')) {
        await operationFailed(r, 'read', path, res.code);
        return undefined;
      }
      return decodeContent(res.format, res.payload, path);
    } catch (error) {
      log({ level: 'warn', msg: 'read failed', device: r.endpoint, path, error: (error as Error).message });
      return undefined;
    }
  };

  /** Observes one instance whole: State, Result and the package in one observation, its first value a read. */
  const observe = async (r: Registration, instance: FollowedInstance) => {
    const { path } = instance;
    let res: CoapReply;
    try {
      res = await ask(r, path, (notification) => reports.observed(r, instance, notification));
    } catch (error) {
      log({
        level: 'warn',
        msg: 'observe failed',
        device: r.endpoint,
        path,
        error: (error as Error).message,
      });
      return;
    }
    if (!res.code.startsWith('2.')) {
      await operationFailed(r, 'observe', path, res.code);
      return;
    }
    const { token } = res;
    instance.cancel = () => device.forget(token);
    await reports.observed(r, instance, res);
  };

  const follow = async (r: Registration) => {
    const info = await read(r, '/3/0');
    const text = (key: string) =>
      typeof info?.get(key) === 'string' ? (info.get(key) as string) : undefined;
    const manufacturer = text('/3/0/0');
    const model = text('/3/0/1');
    const firmwareVersion = text('/3/0/3');
    r.device = {
      ...(manufacturer ? { manufacturer } : {}),
      ...(model ? { model } : {}),
      ...(firmwareVersion ? { firmwareVersion } : {}),
    };
    await Promise.all(r.instances.map((instance) => observe(r, instance)));
  };

  const relist = async (r: Registration, links: readonly Link[]) => {
    const listed = followedObjects(links);
    const paths = new Set(listed.instances.map((i) => i.path));
    for (const gone of r.instances.filter((i) => !paths.has(i.path))) gone.cancel?.();
    const kept = r.instances.filter((i) => paths.has(i.path));
    const added = listed.instances
      .filter((ref) => !kept.some((i) => i.path === ref.path))
      .map((ref): FollowedInstance => ({ path: ref.path, spec: ref.spec, values: {}, pkg: {} }));
    r.objects = listed.objects;
    r.instances = [...kept, ...added];
    await Promise.all(added.map((instance) => observe(r, instance)));
  };

  const refresh = async (r: Registration) => {
    const busy = r.instances.filter(
      (i) => i.values.state !== undefined && !i.spec.settledStates.includes(i.values.state),
    );
    for (const instance of busy) {
      const res = await ask(r, instance.path).catch(() => undefined);
      // A plain read has no Observe value: it is ordered by the queue, not by sequence.
      if (res?.code.startsWith('2.'))
        await reports.observed(r, instance, { format: res.format, payload: res.payload, observe: undefined });
    }
  };

  const drop = (r: Registration | undefined) => {
    for (const instance of r?.instances ?? []) instance.cancel?.();
  };

  const reobserve = async (r: Registration) => {
    drop(r);
    for (const instance of r.instances) {
      instance.cancel = undefined;
      instance.lastObserve = undefined; // a new observation numbers its notifications afresh
    }
    await Promise.all(r.instances.map((instance) => observe(r, instance)));
  };

  return { follow, relist, refresh, reobserve, send: reports.sent, drop };
}
