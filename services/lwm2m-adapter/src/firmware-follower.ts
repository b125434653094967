import { decodeContent, type Lwm2mResources } from '@rosetta/codecs/lwm2m';
import { publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { codeKey } from '@rosetta/mappings';
import type { RawRecord } from '@rosetta/raw-record';
import type { Metrics } from '@rosetta/telemetry';
import type { CoapReply } from './coap-exchange.ts';
import type { CoapRequester } from './coap-requester.ts';
import type { Lwm2mConfig } from './config.ts';
import { firmwareReports } from './firmware-reports.ts';
import { deviceOf, lwm2mRecord } from './lwm2m-records.ts';
import type { Registration } from './registry.ts';

const FIRMWARE_INSTANCE = '/5/0';

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
}

export interface FirmwareFollower {
  /** Reads /3/0 once, then observes the whole Firmware Update instance. */
  follow(r: Registration): Promise<void>;
  /** Reads State and Result again (observe is best effort) while an update is in progress. */
  refreshFirmware(r: Registration): Promise<void>;
  /** Ends what follows a registration that is gone or replaced. */
  drop(r: Registration | undefined): void;
}

/** What the server does with a registered device: read it, observe Object 5, and turn every change into a raw record. */
export function firmwareFollower({
  config,
  device,
  publisher,
  metrics,
  log,
  stats,
}: FollowerContext): FirmwareFollower {
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

  const onFirmwareValues = firmwareReports({
    metrics,
    log,
    stats,
    publish,
    record: (r, parts, received, results) => lwm2mRecord(config, r, 'lwm2m-fw', parts, received, results),
    deviceOf,
  });

  const read = async (r: Registration, path: string): Promise<Lwm2mResources | undefined> => {
    try {
      const res = await device.get(r, path);
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

  const observe = async (r: Registration, path: string) => {
    let res: CoapReply;
    try {
      res = await device.get(r, path, (notification) => onFirmwareValues(r, path, notification));
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
    r.cancel.push(() => device.forget(token));
    await onFirmwareValues(r, path, res); // the observation's first value
  };

  const refreshFirmware = async (r: Registration) => {
    const res = await device.get(r, FIRMWARE_INSTANCE).catch(() => undefined);
    // A plain read has no Observe value: it is ordered by the queue, not by sequence.
    if (res?.code.startsWith('2.'))
      await onFirmwareValues(r, FIRMWARE_INSTANCE, {
        format: res.format,
        payload: res.payload,
        observe: undefined,
      });
  };

  /** Reads /3/0 once, then observes the whole Firmware Update instance: State, Update Result and the package in one observation. */
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
    if (r.firmware) await observe(r, FIRMWARE_INSTANCE);
  };

  const drop = (r: Registration | undefined) => {
    for (const cancel of r?.cancel.splice(0) ?? []) cancel();
  };

  return { follow, refreshFirmware, drop };
}
