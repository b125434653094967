import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Vocabulary } from '@rosetta/outcome-schema';

/**
 * Reads the codes each seed document lists, written as Rosetta writes them, so a test can prove every one has a row.
 * Kept apart from the tables on purpose: the tables are curated data, this is an independent reading of the sources.
 */
export const SEEDS_DIR = fileURLToPath(new URL('../seeds/', import.meta.url));
const seed = (file: string): string[] => readFileSync(`${SEEDS_DIR}${file}`, 'utf8').split(/\r?\n/);

function fumoCodes(): string[] {
  return seed('000_d3793925528999a5.txt')
    .map((line) => /^(\d+)\s*(?:-(\d+))?\t/.exec(line))
    .flatMap((m) => (m ? [m[2] ? `${m[1]}-${m[2]}` : (m[1] ?? '')] : []));
}

/** The project's SCOMO source (OMA SCOMO 1.0 §8.7): `code<TAB>name<TAB>meaning` lines, ranges as `1250-1299`. */
function scomoCodes(): string[] {
  return seed('oma-scomo-result-codes.txt').flatMap((line) => /^(\d{4}(?:-\d{4})?)\t/.exec(line)?.[1] ?? []);
}

/** The project's Object 9 source: per resource section, `value<TAB>name<TAB>meaning` lines, keyed as the adapter keys them. */
function lwm2mSwCodes(): string[] {
  const keyOf: Record<string, (value: string) => string> = {
    'Update State (/9/x/7)': (v) => `state/${v}`,
    'Update Result (/9/x/9)': (v) => v,
    'Activation State (/9/x/12)': (v) => `activation/${v}`,
  };
  let key: ((value: string) => string) | undefined;
  return seed('lwm2m-object9-software-management.txt').flatMap((line) => {
    if (line in keyOf) key = keyOf[line];
    const value = /^(\d+)\t/.exec(line)?.[1];
    return value !== undefined && key ? [key(value)] : [];
  });
}

function knoxCodes(): string[] {
  const lines = seed('001_b4ef0822a6bc3716.txt');
  const start = lines.indexOf('Success codes');
  return [...new Set(lines.slice(start).flatMap((line) => /^(-?\d+)(?:\s|$)/.exec(line.trim())?.[1] ?? []))];
}

function pelionCodes(): string[] {
  return seed('002_b62ae232c77fbd90.txt').flatMap(
    (line) => /^((?:UPD\d_(?:OK|FAIL)_M?\d+(?:-\d+)?)|SYS_\d+) \|/.exec(line)?.[1] ?? [],
  );
}

function easCodes(): string[] {
  const lines = seed('003_371831da7f908abd.txt');
  const policyStart = lines.findIndex((line) => line.includes('child of the Policy element'));
  return lines.flatMap((line, i) => {
    if (!/^\d+$/.test(line.trim())) return [];
    return [`${i < policyStart ? 'provision' : 'policy'}/${line.trim()}`];
  });
}

// Operation headers of seed 004, per interface (Write and Delete appear in two interfaces).
const COAP_OPERATIONS: Record<string, Record<string, string>> = {
  Bootstrap: {
    'Request Bootstrap Request': 'bootstrap-request',
    Write: 'bootstrap-write',
    Delete: 'bootstrap-delete',
    'Bootstrap Finish': 'bootstrap-finish',
  },
  Registration: { Register: 'register', Update: 'update', 'De-register': 'deregister' },
  'Device Management': {
    Create: 'create',
    Read: 'read',
    Write: 'write',
    Delete: 'delete',
    Execute: 'execute',
    'Write Attributes': 'write-attributes',
    Discover: 'discover',
  },
  'Information Reporting': { Observe: 'observe', Notify: 'notify' },
};

function coapCodes(): string[] {
  let operations: Record<string, string> = {};
  let operation = '';
  const codes: string[] = [];
  for (const raw of seed('004_e53eb5ae2b803d21.txt')) {
    const line = raw.trim();
    const iface = Object.keys(COAP_OPERATIONS).find(
      (name) => line.includes(name) && line.endsWith('Interface'),
    );
    if (iface) operations = COAP_OPERATIONS[iface] ?? {};
    if (line in operations) operation = operations[line] ?? '';
    // "4.005 Method Not AllowedBad Request" is a draft's edit mark: both 4.05 and 4.00 were listed.
    const edited = /^4\.005 /.test(line);
    const code = /^([245]\.\d\d)\s/.exec(line)?.[1];
    if (edited) codes.push(`${operation}/4.05`, `${operation}/4.00`);
    else if (code && operation) codes.push(`${operation}/${code}`);
    if (/generic response code of .5\.00/.test(line)) codes.push('5.00');
  }
  return [...new Set(codes)];
}

/** UPD1 rows of seed 002 restate LwM2M Object 5 Update Result values: UPD1_FAIL_5 is /5/0/5 = 5. */
function lwm2mFwCodes(): string[] {
  return pelionCodes().flatMap((code) => /^UPD1_(?:OK|FAIL)_(\d+)$/.exec(code)?.[1] ?? []);
}

export function seedCodes(): Record<Vocabulary, string[]> {
  return {
    'omadm-fumo': fumoCodes(),
    'omadm-scomo': scomoCodes(),
    'knox-efota': knoxCodes(),
    'pelion-update': pelionCodes(),
    'lwm2m-fw': lwm2mFwCodes(),
    'lwm2m-sw': lwm2mSwCodes(),
    'lwm2m-coap': coapCodes(),
    'eas-provision': easCodes(),
  };
}
