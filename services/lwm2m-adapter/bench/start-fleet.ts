import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simFleet } from './sim-fleet.ts';

// N simulated devices (default 100,000) against the LwM2M adapter that `rosetta start` runs with deploy/local's
// configuration (NoSec on 127.0.0.1:5683, raw records into its Kafka): registered, observed and reporting on one
// instance. Run by hand (`pnpm --filter @rosetta/lwm2m-adapter exec tsx bench/start-fleet.ts`); the README quotes it.
const N = Number(process.env.FLEET_DEVICES ?? 100_000);
const DEVICES_PER_WORKER = 12_500;
const main = fileURLToPath(new URL('../../../packages/cli/src/main.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** One sample of the adapter's Prometheus metrics, `name{labels}` summed by name. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch('http://127.0.0.1:9465/metrics')).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const start = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
start.stdout?.on('data', (chunk: Buffer) => {
  output += chunk.toString();
});
while (!output.includes('Rosetta is running')) {
  if (start.exitCode !== null) throw new Error(`rosetta start exited:\n${output}`);
  await sleep(500);
}
const pids = JSON.parse(/one process per service: (\{[^}]*\})/.exec(output)?.[1] ?? '{}') as Record<
  string,
  number
>;
const adapter = pids['lwm2m-adapter'] ?? 0;
const rssBefore = rssMiB(adapter);
const acceptedBefore = await metric('rosetta_results_accepted_total');
const fleet = await simFleet({ port: 5683, n: N, perWorker: DEVICES_PER_WORKER });
const cpu = cpuSeconds(adapter);
const began = Date.now();
const registered = await fleet.register();
const registerSeconds = (Date.now() - began) / 1000;
let maxRss = 0;
for (
  const deadline = Date.now() + 300_000;
  (await fleet.observed()) < registered && Date.now() < deadline;
) {
  maxRss = Math.max(maxRss, rssMiB(adapter));
  await sleep(250);
}
const observedSeconds = (Date.now() - began) / 1000;
const cpuPerThousand = (cpuSeconds(adapter) - cpu) / (N / 1000);
const registrations = await metric('rosetta_lwm2m_registrations');
const observations = await metric('rosetta_lwm2m_observations');
await sleep(5000);
const accepted = await metric('rosetta_results_accepted_total');
const sent = await fleet.notify(5000, 5);
let delivered = 0;
for (const deadline = Date.now() + 60_000; delivered < sent && Date.now() < deadline; ) {
  await sleep(500);
  delivered = (await metric('rosetta_results_accepted_total')) - accepted;
}
const rssAfter = rssMiB(adapter);
console.log(
  `rosetta start, ${N.toLocaleString('en')} devices: registered ${registered} at ${Math.round(registered / registerSeconds).toLocaleString('en')}/s; ` +
    `all observed after ${observedSeconds.toFixed(1)} s (adapter gauges: ${registrations} registrations, ${observations} observations); ` +
    `first values into Kafka ${accepted - acceptedBefore}; notifications ${delivered}/${sent} into Kafka; adapter CPU ${cpuPerThousand.toFixed(2)} s per 1,000 registrations; ` +
    `adapter RSS ${rssBefore.toFixed(0)} → ${maxRss.toFixed(0)} MiB during the burst → ${rssAfter.toFixed(0)} MiB (${(((rssAfter - rssBefore) * 1024) / N).toFixed(2)} KiB/device)`,
);
fleet.stop();
start.kill('SIGINT');
await new Promise((resolve) => start.once('exit', resolve));
