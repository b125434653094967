import type { Link } from '@rosetta/codecs/lwm2m';
import type { Operation } from '@rosetta/outcome-schema';

/** The code-key kinds (packages/mappings/code-keys) of the enumerations a followed object reports. */
export type EnumerationKind = 'state' | 'update-result' | 'activation';

/** One LwM2M management object the adapter follows: which resources say what, in which vocabulary. */
export interface FollowedObject {
  object: number;
  vocabulary: 'lwm2m-fw' | 'lwm2m-sw';
  operationType: Operation['type'];
  /** Resource → the kind of its value, in the order changes are written (State first: inference reads it). */
  enumerations: readonly (readonly [resource: number, kind: EnumerationKind])[];
  packageName: number;
  packageVersion: number;
  /** State values with nothing in progress; in any other, a registration Update reads the instance again. */
  settledStates: readonly number[];
  /** Instances a device has when it lists the object alone (`</5>`): Object 5 is single-instance. */
  impliedInstances: readonly number[];
}

export const FOLLOWED_OBJECTS: readonly FollowedObject[] = [
  {
    object: 5,
    vocabulary: 'lwm2m-fw',
    operationType: 'firmware_update',
    enumerations: [
      [3, 'state'],
      [5, 'update-result'],
    ],
    packageName: 6,
    packageVersion: 7,
    settledStates: [0],
    impliedInstances: [0],
  },
  {
    object: 9,
    vocabulary: 'lwm2m-sw',
    operationType: 'software_install',
    enumerations: [
      [7, 'state'],
      [9, 'update-result'],
      [12, 'activation'],
    ],
    packageName: 0,
    packageVersion: 1,
    settledStates: [0, 4],
    impliedInstances: [],
  },
];

const BY_OBJECT = new Map(FOLLOWED_OBJECTS.map((o) => [o.object, o]));

/** Software packages per device the adapter follows; a device listing more is followed for the first ones. */
export const MAX_FOLLOWED_INSTANCES = 32;

export interface InstanceRef {
  /** "/9/1" */
  path: string;
  spec: FollowedObject;
}

/** "/9/1" or "/9/1/7" → the followed object and its instance path; anything else → undefined. */
export function instanceOf(path: string): InstanceRef | undefined {
  const match = /^\/(\d{1,5})\/(\d{1,5})(?:\/|$)/.exec(path);
  const spec = match ? BY_OBJECT.get(Number(match[1])) : undefined;
  return match && spec ? { path: `/${match[1]}/${Number(match[2])}`, spec } : undefined;
}

/** The followed objects a device lists in its registration (under its root path, if any), and their instances. */
export function followedObjects(links: readonly Link[]): { objects: number[]; instances: InstanceRef[] } {
  const root = links.find((l) => l.attributes.rt === 'oma.lwm2m')?.path ?? '/';
  const prefix = root === '/' ? '' : root.replace(/\/$/, '');
  const found = new Map<string, InstanceRef>();
  const listed = new Set<number>();
  for (const link of links) {
    if (!link.path.startsWith(`${prefix}/`)) continue;
    const path = link.path.slice(prefix.length);
    const object = /^\/(\d{1,5})$/.exec(path);
    if (object) listed.add(Number(object[1]));
    const ref = instanceOf(path);
    if (ref && path.split('/').length === 3) found.set(ref.path, ref);
  }
  for (const spec of FOLLOWED_OBJECTS) {
    if (!listed.has(spec.object) || [...found.values()].some((r) => r.spec === spec)) continue;
    for (const instance of spec.impliedInstances)
      found.set(`/${spec.object}/${instance}`, { path: `/${spec.object}/${instance}`, spec });
  }
  return {
    objects: FOLLOWED_OBJECTS.filter(
      (o) => listed.has(o.object) || [...found.values()].some((r) => r.spec === o),
    ).map((o) => o.object),
    instances: [...found.values()].slice(0, MAX_FOLLOWED_INSTANCES),
  };
}
