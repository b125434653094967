import { type ClientConnection, type RecordPublisher, readRange } from '@rosetta/kafka';
import { deviceKey } from '@rosetta/outcome-schema';
import type { InstanceValues } from './object-events.ts';
import type { FollowedInstance } from './registry.ts';

/** What was last written for one instance of an endpoint: enough to compare a fresh read with. */
export interface KnownInstance {
  path: string;
  values: InstanceValues;
  pkg: { name?: string; version?: string };
}

/**
 * The Object 5/9 values last written per endpoint, kept beyond a registration: a device that reboots, or an adapter
 * that restarts, is compared with them on its next Register, so the transitions it went through meanwhile are
 * written (with the missed steps inferred) instead of starting from nothing.
 */
export interface KnownValuesStore {
  get(tenant: string, endpoint: string): KnownInstance[] | undefined;
  /** Remembers what was just written; rejects when it could not be stored (the raw record stays the truth). */
  put(tenant: string, endpoint: string, instances: readonly FollowedInstance[]): Promise<void>;
  size(): number;
}

const snapshot = (instances: readonly FollowedInstance[]): KnownInstance[] =>
  instances.map(({ path, values, pkg }) => ({ path, values, pkg }));

/** Held as JSON text per endpoint: a string is a fraction of the objects it describes. */
function textStore(write: (key: string, text: string) => Promise<void>, held = new Map<string, string>()) {
  const store: KnownValuesStore = {
    get(tenant, endpoint) {
      const text = held.get(deviceKey(tenant, endpoint));
      return text === undefined ? undefined : (JSON.parse(text) as KnownInstance[]);
    },
    async put(tenant, endpoint, instances) {
      const key = deviceKey(tenant, endpoint);
      const text = JSON.stringify(snapshot(instances));
      held.set(key, text);
      await write(key, text);
    },
    size: () => held.size,
  };
  return { store, held };
}

export function memoryKnownValues(): KnownValuesStore {
  return textStore(async () => undefined).store;
}

/**
 * Kept in a compacted topic (rosetta.lwm2m.known-values.v1, key tenant/endpoint): read whole at start, written
 * after each change. Every instance reads it whole, so a device may come back through any of them.
 */
export async function kafkaKnownValues(
  connection: ClientConnection,
  publisher: RecordPublisher,
  topic: string,
): Promise<KnownValuesStore> {
  const held = new Map<string, string>();
  await readRange(connection, [topic], { earliest: true }, (record) => {
    const key = record.key?.toString();
    if (!key) return;
    if (record.value === null) held.delete(key);
    else held.set(key, record.value.toString());
  });
  return textStore((key, text) => publisher.publish([{ topic, key, value: text }]), held).store;
}

/** A new registration's instances start from what was known of them (same path), so a fresh read is a comparison. */
export function seedInstances(
  instances: FollowedInstance[],
  known: readonly KnownInstance[] | undefined,
): void {
  for (const instance of instances) {
    const before = known?.find((k) => k.path === instance.path);
    if (!before) continue;
    instance.values = { ...before.values };
    instance.pkg = { ...before.pkg };
  }
}
