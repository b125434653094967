import { readFileSync } from 'node:fs';
import type { Vocabulary } from '@rosetta/outcome-schema';
import routingSchema from '../schema/alert-routing.schema.json' with { type: 'json' };
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import { mappingsAjv } from './schemas.ts';
import type { OperationType } from './types.ts';

/** One row: alert types starting with `prefix` report `operation` results whose codes `vocabulary` reads. */
export interface AlertRoute {
  prefix: string;
  operation: OperationType;
  vocabulary: Vocabulary;
  note: string;
}

export interface AlertRoutingTable {
  table: string;
  version: string;
  source: string;
  rows: AlertRoute[];
}

const ROUTING_FILE = new URL('../routing/omadm-alert-types.json', import.meta.url);

const validate = mappingsAjv.compile<AlertRoutingTable>(routingSchema);

export function checkAlertRouting(candidate: unknown, name: string): AlertRoutingTable {
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `${name}: ${problems.join('; ')}`);
  }
  return candidate;
}

let standard: AlertRoutingTable | undefined;

/** The OMA-DM Generic Alert routing shipped in this package (`routing/omadm-alert-types.json`), read once. */
export function omadmAlertRouting(): AlertRoutingTable {
  standard ??= checkAlertRouting(JSON.parse(readFileSync(ROUTING_FILE, 'utf8')), 'omadm-alert-types.json');
  return standard;
}

/** The route of an alert type (first row whose prefix starts the trimmed, lower-cased type); undefined: no result. */
export function routeAlert(
  type: string | undefined,
  table: AlertRoutingTable = omadmAlertRouting(),
): AlertRoute | undefined {
  const normalized = (type ?? '').trim().toLowerCase();
  return table.rows.find((row) => normalized.startsWith(row.prefix));
}
