import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The runtime the project declares is the one it runs on: this process and the processes it starts.
const engines = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  }
).engines.node;
const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

describe('runtime', () => {
  it('runs the tests on Node.js 24 LTS, as package.json engines declares', () => {
    expect(engines).toBe('>=24');
    expect(major(process.version)).toBeGreaterThanOrEqual(24);
  });

  it('gives child processes the same Node (first on PATH)', () => {
    const child = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
    expect(major(child)).toBeGreaterThanOrEqual(24);
  });
});
