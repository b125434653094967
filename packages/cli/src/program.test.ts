import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../..', import.meta.url));
const rosetta = (...args: string[]): string =>
  execFileSync('pnpm', ['--silent', 'rosetta', ...args], { cwd: root, encoding: 'utf8' });

describe('pnpm rosetta', () => {
  it('--version prints the CLI version', () => {
    expect(rosetta('--version').trim()).toBe(packageJson.version);
  });

  it('--help lists the commands', () => {
    expect(rosetta('--help')).toMatch(/Usage: rosetta[\s\S]*start/);
  });
});
