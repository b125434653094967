/** Lists where `actual` differs from the `expected` subset (objects: only the expected keys; arrays: same length). */
export function mismatches(actual: unknown, expected: unknown, path = ''): string[] {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected)
      ? []
      : [`${path || '(root)'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length)
      return [`${path}: expected ${expected.length} item(s), got ${actual.length}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object')
    return [`${path || '(root)'}: expected an object, got ${JSON.stringify(actual)}`];
  return Object.entries(expected).flatMap(([key, value]) =>
    mismatches((actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key),
  );
}
