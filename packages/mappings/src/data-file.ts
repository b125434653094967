import { readFileSync } from 'node:fs';
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import { mappingsAjv } from './schemas.ts';

export interface DataFile<T> {
  /** A candidate checked against the file's schema, or a MappingsError naming every problem. */
  check(candidate: unknown, name: string): T;
  /** The file shipped in this package, read and checked once. */
  standard(): T;
}

/** One of this package's data files (routing, code keys, inference rules): its JSON Schema and where it lives. */
export function dataFile<T>(schema: object, file: URL): DataFile<T> {
  const validate = mappingsAjv.compile<T>(schema);
  const check = (candidate: unknown, name: string): T => {
    if (!validate(candidate)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
      throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `${name}: ${problems.join('; ')}`);
    }
    return candidate;
  };
  let standard: T | undefined;
  return {
    check,
    standard() {
      standard ??= check(
        JSON.parse(readFileSync(file, 'utf8')),
        file.pathname.split('/').pop() ?? 'data file',
      );
      return standard;
    },
  };
}
