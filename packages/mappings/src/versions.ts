/** Table versions are x.y.z (the tables' schema enforces it): compared part by part, as numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest of `items` by their `version`; undefined for none. */
export function newest<T extends { version: string }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>(
    (best, item) => (best === undefined || compareVersions(item.version, best.version) > 0 ? item : best),
    undefined,
  );
}
