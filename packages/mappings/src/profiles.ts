import type { Vocabulary } from '@rosetta/outcome-schema';
import type { TableRow } from './types.ts';

/**
 * An override layer on top of a standard table: some vendors and operators redefine codes for their clients.
 * Adapters tag a raw record with the device's profile (per tenant or device-model prefix, configured);
 * the translator consults the profile's rows first and falls back to the standard table.
 */
export interface Profile {
  name: string;
  version: string;
  vocabulary: Vocabulary;
  description: string;
  /** The standard table version these devices fall back to; the newest when absent. */
  tableVersion?: string;
  rows: TableRow[];
}
