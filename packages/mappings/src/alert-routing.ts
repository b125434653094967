import type { Vocabulary } from '@rosetta/outcome-schema';
import schema from '../schema/alert-routing.schema.json' with { type: 'json' };
import { dataFile } from './data-file.ts';
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

const file = dataFile<AlertRoutingTable>(
  schema,
  new URL('../routing/omadm-alert-types.json', import.meta.url),
);

export const checkAlertRouting = file.check;

/** The OMA-DM Generic Alert routing shipped in this package (`routing/omadm-alert-types.json`), read once. */
export const omadmAlertRouting = file.standard;

/** The route of an alert type (first row whose prefix starts the trimmed, lower-cased type); undefined: no result. */
export function routeAlert(
  type: string | undefined,
  table: AlertRoutingTable = omadmAlertRouting(),
): AlertRoute | undefined {
  const normalized = (type ?? '').trim().toLowerCase();
  return table.rows.find((row) => normalized.startsWith(row.prefix));
}
