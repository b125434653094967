import type { Mapping, Operation, OutcomeDetail, Vocabulary } from '@rosetta/outcome-schema';

export type Fidelity = Mapping['fidelity'];
export type RowFidelity = Exclude<Fidelity, 'unmapped'>;
export type Stage = Operation['stage'];
export type OperationType = Operation['type'];
export type Status = OutcomeDetail['status'];
export type Category = OutcomeDetail['category'];

export interface CodeRange {
  prefix: string;
  from: number;
  to: number;
}

export interface TableRow {
  code: string;
  range?: CodeRange;
  description: string;
  canonical: string;
  stage: Stage;
  fidelity: RowFidelity;
  operation?: OperationType;
  note?: string;
  ref: string;
}

export interface UnmappedRule {
  pattern: string;
  status: Status;
  category: Category;
  note: string;
}

export interface AliasRule {
  pattern: string;
  target: string;
  note: string;
}

export interface VocabularyTable {
  vocabulary: Vocabulary;
  table: string;
  version: string;
  title: string;
  source: string;
  operation: OperationType;
  unmapped: UnmappedRule[];
  aliases?: AliasRule[];
  rows: TableRow[];
}

export interface CanonicalCode {
  code: string;
  summary: string;
  status: Status;
  category: Category;
  retryable: boolean;
  final: boolean;
  preferred?: Partial<Record<Vocabulary, string>>;
  /** Rosetta infers this code (packages/lifecycle); no vendor code maps to it. */
  inferredBy?: string;
}

export interface CanonicalTable {
  table: 'CANONICAL_OUTCOMES';
  version: string;
  codes: CanonicalCode[];
}

/** The result of translating one source code: everything an outcome needs, nothing about the device. */
export interface Translation {
  vocabulary: Vocabulary;
  /** The code as given (trimmed), kept even when unknown. */
  code: string;
  /** The row that matched, or undefined for UNMAPPED. */
  row: TableRow | undefined;
  canonical: CanonicalCode;
  /** The outcome as it applies to this code (UNMAPPED takes status/category from the vocabulary's rules). */
  outcome: OutcomeDetail;
  stage: Stage;
  operation: OperationType;
  fidelity: Fidelity;
  description: string | null;
  table: string;
  version: string;
  /** The override profile whose row matched, when one did. */
  profile?: string;
}
