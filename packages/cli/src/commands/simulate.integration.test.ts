import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

it('simulate lwm2m says so and exits 2 when the open-file limit is below one socket per device, instead of hanging', () => {
  const run = spawnSync(
    'bash',
    [
      '-c',
      `ulimit -n 256; exec "${process.execPath}" --import tsx "${MAIN}" simulate lwm2m --server coap://127.0.0.1:9 --devices 400`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(
    /could not open 400 UDP sockets, one per device \(EMFILE\); the open-file limit is 256/,
  );
});
