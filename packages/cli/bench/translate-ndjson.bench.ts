import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `rosetta translate --json` over a 1,000,000-line NDJSON file, end to end (process start included): target ≥ 300,000 lines/s.
const LINES = 1_000_000;
const codes = [
  ['omadm-fumo', '402'],
  ['knox-efota', '-2402'],
  ['pelion-update', 'UPD4_FAIL_504'],
  ['lwm2m-fw', '5'],
  ['lwm2m-coap', 'register/4.03'],
  ['eas-provision', 'policy/5'],
  ['omadm-fumo', '460'],
  ['knox-efota', '-9999'],
] as const;
const file = join(mkdtempSync(join(tmpdir(), 'rosetta-bench-')), 'codes.ndjson');
const out = createWriteStream(file);
for (let i = 0; i < LINES; i += 10_000) {
  let chunk = '';
  for (let j = i; j < i + 10_000; j++) {
    const [source, code] = codes[j % codes.length] ?? codes[0];
    chunk += `{"source":"${source}","code":"${code}"}\n`;
  }
  out.write(chunk);
}
await new Promise((resolve) => out.end(resolve));

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const start = process.hrtime.bigint();
const child = spawn(process.execPath, ['--import', 'tsx', main, 'translate', '--json'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let outputLines = 0;
child.stdout.on('data', (chunk: Buffer) => {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) outputLines++;
});
const { createReadStream } = await import('node:fs');
createReadStream(file).pipe(child.stdin);
await new Promise((resolve) => child.on('close', resolve));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `rosetta translate --json: ${LINES.toLocaleString('en')} lines (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s = ${Math.round(outputLines / seconds).toLocaleString('en')} lines/s end to end (target ≥ 300,000); ${outputLines} lines out`,
);
