// `pnpm bench`: every workspace package's `bench` script, one after another (each starts its own broker where it
// needs one), printed as it runs and written to docs/benchmarks.md with the machine it ran on. Figures from other days
// and side-by-side comparisons of past changes are in docs/benchmark-history.md.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'docs/benchmarks.md');

interface Bench {
  name: string;
  dir: string;
  script: string;
}

function benches(): Bench[] {
  const dirs = ['packages', 'services'].flatMap((group) =>
    readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name)),
  );
  return [...dirs, join(ROOT, 'test')].flatMap((dir) => {
    const file = join(dir, 'package.json');
    let pkg: { name?: string; scripts?: Record<string, string> };
    try {
      pkg = JSON.parse(readFileSync(file, 'utf8')) as typeof pkg;
    } catch {
      return [];
    }
    const script = pkg.scripts?.bench;
    return script && pkg.name ? [{ name: pkg.name, dir, script }] : [];
  });
}

function run(bench: Bench): Promise<{ output: string; code: number | null; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['run', '--silent', 'bench'], {
      cwd: bench.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ output, code, seconds: (Date.now() - started) / 1000 }));
  });
}

const list = benches();
const sections: string[] = [];
let failed = 0;
for (const bench of list) {
  console.log(`\n## ${bench.name}: ${bench.script}\n`);
  const { output, code, seconds } = await run(bench);
  if (code !== 0) failed += 1;
  sections.push(
    [
      `## ${bench.name}`,
      '',
      `\`${bench.script}\` — ${seconds.toFixed(0)} s${code === 0 ? '' : `, **exited ${code}**`}`,
      '',
      '```text',
      output.trimEnd(),
      '```',
      '',
    ].join('\n'),
  );
}
const cpu = cpus();
const commit = execFileSync('git', ['describe', '--always', '--dirty'], {
  cwd: ROOT,
  encoding: 'utf8',
}).trim();
writeFileSync(
  OUT,
  [
    '<!-- Written by `pnpm bench` (test/bench/run-all.ts): do not edit; run it again. -->',
    '',
    '# Benchmarks, last run',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${commit} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    '',
    'Each section is one bench as it printed. The machine is a shared VM: compare figures measured side by side in',
    'one run (ratios), not across runs. Earlier runs and side-by-side measurements of past changes:',
    '[benchmark-history.md](benchmark-history.md).',
    '',
    ...sections,
  ].join('\n'),
);
console.log(`\n${list.length - failed} of ${list.length} benches ran; written to docs/benchmarks.md`);
process.exitCode = failed === 0 ? 0 : 1;
