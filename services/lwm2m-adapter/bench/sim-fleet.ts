import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./sim-worker.ts', import.meta.url));
const next = <T>(child: ChildProcess) =>
  new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));

/**
 * A load generator of `n` simulated LwM2M devices spread over sim-worker processes (`perWorker` each, under the
 * per-process open-file limit), worker i binding its sockets to 127.0.0.(2+i) (one address has ~28,000 ephemeral
 * ports). Over coaps (`secure`), every device's DTLS handshake is done in `open`.
 */
export async function simFleet(options: { port: number; n: number; perWorker: number; secure?: boolean }) {
  const { port, n, perWorker } = options;
  const workers = Array.from({ length: Math.ceil(n / perWorker) }, () =>
    fork(WORKER, { execArgv: ['--import', 'tsx'] }),
  );
  /** Sends one command to every worker and collects their answers. */
  const all = <T>(message: (index: number) => Record<string, unknown>) =>
    Promise.all(
      workers.map((w, i) => {
        w.send(message(i));
        return next<T>(w);
      }),
    );
  const sum = <K extends string>(answers: Record<K, number>[], key: K) =>
    answers.reduce((total, a) => total + a[key], 0);
  const opened = await all<{ opened: number; ms: number }>((i) => ({
    cmd: 'open',
    port,
    from: i * perWorker,
    count: Math.min(perWorker, n - i * perWorker),
    window: 64,
    bindAddress: `127.0.0.${2 + i}`,
    ...(options.secure ? { secure: true } : {}),
  }));
  return {
    /** The slowest worker's time to open (bind, or handshake) its devices. */
    openSeconds: Math.max(...opened.map((o) => o.ms)) / 1000,
    register: async () =>
      sum(
        await all<{ registered: number }>(() => ({
          cmd: 'register',
          window: Number(process.env.BENCH_WINDOW ?? 64),
        })),
        'registered',
      ),
    observed: async () => sum(await all<{ observed: number }>(() => ({ cmd: 'observed' })), 'observed'),
    /** State changes at `rate` per second in all for `seconds`; resolves with the notifications sent. */
    notify: async (rate: number, seconds: number) =>
      sum(
        await all<{ sent: number }>(() => ({ cmd: 'notify', rate: rate / workers.length, seconds })),
        'sent',
      ),
    stop: () => {
      for (const w of workers) w.send({ cmd: 'stop' });
    },
  };
}
