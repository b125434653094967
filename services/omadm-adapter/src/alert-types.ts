import type { Operation } from '@rosetta/outcome-schema';

/**
 * Generic Alert Meta/Type → what was being done. FUMO (OMA-TS-DM-FUMO 1.0 §6.2.3) and SCOMO types are results;
 * any other type (e.g. Microsoft's enrollment alerts) is recorded on the raw topic but yields no outcome.
 * Matching is by prefix on the trimmed, lower-cased type.
 */
export const ALERT_TYPES: readonly { prefix: string; operation: Operation['type'] }[] = [
  { prefix: 'org.openmobilealliance.dm.firmwareupdate.', operation: 'firmware_update' },
  { prefix: 'org.openmobilealliance.softwaremgmt.remove', operation: 'software_remove' },
  { prefix: 'org.openmobilealliance.softwaremgmt.', operation: 'software_install' },
];

export const GENERIC_ALERT = '1226';
/** FUMO State node: ./FwUpdate/<x>/State (values 10–100). */
export const FUMO_STATE_URI = /(^|\/)FwUpdate\/[^/]+\/State$/;
/** Formats a FUMO/SCOMO result may use in Data. */
export const RESULT_FORMATS = ['int', 'chr'];

export function operationOf(type: string | undefined): Operation['type'] | undefined {
  const normalized = (type ?? '').trim().toLowerCase();
  return ALERT_TYPES.find((t) => normalized.startsWith(t.prefix))?.operation;
}
