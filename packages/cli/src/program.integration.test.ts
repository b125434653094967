import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { runCli } from './run-cli.test-helper.ts';

const json = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('rosetta', () => {
  it('--version and --help', () => {
    expect(runCli(['--version']).stdout.trim()).toBe(packageJson.version);
    expect(runCli(['--help']).stdout).toMatch(
      /translate[\s\S]*crosswalk[\s\S]*coverage[\s\S]*tables[\s\S]*import[\s\S]*start/,
    );
  }, 20_000); // two CLI starts: tsx compiles on the first, which takes seconds on a loaded 2-core machine

  it.each([
    ['omadm-fumo', '402', 'PACKAGE_INTEGRITY_FAILED'],
    ['knox-efota', '-2402', 'PACKAGE_INTEGRITY_FAILED'],
    ['pelion-update', 'UPD4_FAIL_504', 'PACKAGE_INTEGRITY_FAILED'],
    ['lwm2m-fw', '5', 'PACKAGE_INTEGRITY_FAILED'],
    ['lwm2m-coap', 'register/4.03', 'REGISTRATION_DUPLICATE'],
    ['eas-provision', 'provision/139', 'POLICY_NOT_COMPLIANT'],
    ['omadm-scomo', '1405', 'INSTALL_FAILED'],
    ['lwm2m-sw', '53', 'PACKAGE_INTEGRITY_FAILED'],
  ])('translate %s %s --json', (vocabulary, code, canonical) => {
    const out = JSON.parse(runCli(['translate', vocabulary, code, '--json']).stdout) as {
      outcome: { code: string };
      source: { code: string };
    };
    expect(out.outcome.code).toBe(canonical);
    expect(out.source.code).toBe(code);
  });

  it('translate prints the vendor meaning and the outcome for people', () => {
    expect(runCli(['translate', 'knox-efota', '-2402']).stdout).toContain(
      'knox-efota -2402: The firmware update package is corrupt.\n→ PACKAGE_INTEGRITY_FAILED — failed, category package',
    );
  });

  it('translate --json reads NDJSON from stdin, keeps order, and puts an error line in place of each bad line', () => {
    const input = [
      '{"source":"omadm-fumo","code":"402"}',
      'not json',
      '{"source":"snmp","code":"1"}',
      '{"source":"knox-efota","code":-2402}',
      '{"source":"lwm2m-fw","code":"77"}',
    ].join('\n');
    const lines = json(runCli(['translate', '--json'], input).stdout);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      outcome: { code: 'PACKAGE_INTEGRITY_FAILED' },
      mapping: { fidelity: 'exact' },
      source: { code: '402' },
    });
    expect(lines[1]).toEqual({
      error: { code: 'ROSETTA_ERR_CLI_BAD_LINE', line: 2, message: 'not valid JSON' },
    });
    expect(lines[2]).toMatchObject({
      error: { line: 3, message: '"source" must be a vocabulary id, got "snmp"' },
    });
    expect(lines[3]).toMatchObject({
      source: { code: '-2402' },
      outcome: { category: 'package', status: 'failed' },
    });
    expect(lines[4]).toMatchObject({ outcome: { code: 'UNMAPPED' }, mapping: { fidelity: 'unmapped' } });
  });

  it('rejects an unknown vocabulary with the list of allowed ones', () => {
    const result = runCli(['translate', 'snmp', '1']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown vocabulary; use one of omadm-fumo, omadm-scomo, knox-efota');
  });

  it('crosswalk --json gives candidates with fidelity, or the reason there is none', () => {
    const hit = JSON.parse(
      runCli(['crosswalk', 'knox-efota', '-2402', '--to', 'omadm-fumo', '--json']).stdout,
    );
    expect(hit.candidates[0]).toMatchObject({ code: '402', fidelity: 'exact', preferred: true });
    const miss = JSON.parse(
      runCli(['crosswalk', 'eas-provision', 'policy/5', '--to', 'lwm2m-fw', '--json']).stdout,
    );
    expect(miss.candidates).toEqual([]);
    expect(miss.reason).toContain('lwm2m-fw has no code for POLICY_KEY_MISMATCH');
  });

  it('coverage --json reports every vocabulary', () => {
    const report = JSON.parse(runCli(['coverage', '--json']).stdout) as {
      vocabulary: string;
      rows: number;
    }[];
    expect(report.map((r) => [r.vocabulary, r.rows])).toEqual([
      ['omadm-fumo', 31],
      ['omadm-scomo', 20],
      ['knox-efota', 152],
      ['pelion-update', 88],
      ['lwm2m-fw', 16],
      ['lwm2m-sw', 20],
      ['lwm2m-coap', 65],
      ['eas-provision', 17],
    ]);
  });

  it('tables --format md and csv', () => {
    expect(runCli(['tables', '--format', 'md']).stdout).toContain('## pelion-update — Pelion / Izuma');
    expect(runCli(['tables', '--format', 'csv']).stdout.split('\n')[0]).toBe(
      'vocabulary,code,description,canonical,status,stage,fidelity,note,ref',
    );
    expect(runCli(['tables', '--format', 'xml']).status).not.toBe(0);
  });

  it('tables --diff <vocabulary> <from> <to> prints what a new version changed', () => {
    const out = runCli(['tables', '--diff', 'pelion-update', '1.0.0', '1.1.0']);
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('pelion-update 1.0.0 → 1.1.0');
    expect(out.stdout).toContain('  + deployment/deployed → ');
    const unknown = runCli(['tables', '--diff', 'pelion-update', '1.0.0', '7.0.0']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain(
      'pelion-update has no published version 7.0.0 (published: 1.0.0, 1.1.0)',
    );
    expect(runCli(['tables', '--diff', 'pelion-update']).stderr).toContain('--diff takes three values');
  });

  it('import translates a CSV export, sends unreadable rows to the error file with line numbers, and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rosetta-import-'));
    const file = join(dir, 'export.csv');
    writeFileSync(
      file,
      'imei,error,when\n35100,-2402,2024-01-02T03:04:05Z\n,900,\n35101,900,yesterday-ish\n35102,-7003,1700000000000\n',
    );
    const result = runCli([
      'import',
      'knox-efota',
      file,
      '--device-column',
      'imei',
      '--code-column',
      'error',
      '--time-column',
      'when',
      '--tenant',
      'acme',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('imported 2 rows, 2 unreadable');
    const outcomes = json(result.stdout);
    expect(outcomes.map((o) => (o.outcome as { code: string }).code)).toEqual([
      'PACKAGE_INTEGRITY_FAILED',
      'ALREADY_UP_TO_DATE',
    ]);
    expect(outcomes[0]).toMatchObject({
      tenant: 'acme',
      device: { id: '35100' },
      occurredAt: '2024-01-02T03:04:05.000Z',
    });
    expect(outcomes[1]).toMatchObject({ occurredAt: '2023-11-14T22:13:20.000Z' });
    const errors = json(readFileSync(`${file}.errors.ndjson`, 'utf8'));
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
  });

  it('import reads NDJSON too, and re-importing yields the same ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rosetta-import-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, '{"device":"d1","code":"UPD4_FAIL_504","time":"2024-05-01T00:00:00Z"}\n[1]\n');
    const first = runCli(['import', 'pelion-update', file]);
    const second = runCli(['import', 'pelion-update', file]);
    expect(json(first.stdout)[0]).toMatchObject({ outcome: { code: 'PACKAGE_INTEGRITY_FAILED' } });
    expect(json(first.stdout)[0]?.id).toBe(json(second.stdout)[0]?.id);
    expect(first.stderr).toContain('imported 1 rows, 1 unreadable');
  });
});
