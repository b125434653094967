import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitForExit } from '@rosetta/local-kafka';

export interface ServiceSpec {
  name: string;
  /** The service's main.ts, run as `node --import tsx <main>`, or another program (a companion): one process each. */
  run: { main: string } | { command: string; args: string[] };
  env: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** A service that exits more often than this within `windowMs` is given up on, and everything stops. */
  maxRestarts?: number;
  windowMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  print?: (line: string) => void;
  /** Everything stopped because a service kept failing: the reason, for the caller to exit non-zero with. */
  onGiveUp?: (reason: string) => void;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess | undefined;
  exits: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs each service in its own process (a memory blow-up in one cannot take the others down), prefixes its output
 * with its name, and restarts it with back-off when it exits; one that keeps failing stops everything.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  private readonly print: (line: string) => void;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.print = options.print ?? ((line) => console.log(line));
  }

  start(spec: ServiceSpec): void {
    const entry: Running = { spec, child: undefined, exits: [] };
    this.running.push(entry);
    this.launch(entry);
  }

  /** Process ids by service name (for tests and for the operator). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.running.map((r) => [r.spec.name, r.child?.pid]));
  }

  /** SIGTERM to every service (each drains to Kafka), SIGKILL after `graceMs`, in reverse start order. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.running].reverse()) {
      const child = entry.child;
      if (!child) continue;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, graceMs))) {
        this.print(`[${entry.spec.name}] did not stop within ${graceMs} ms: killed`);
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    }
  }

  private launch(entry: Running): void {
    const { run } = entry.spec;
    const [command, args] =
      'main' in run ? [process.execPath, ['--import', 'tsx', run.main]] : [run.command, run.args];
    const child = spawn(command, args, {
      env: { ...process.env, ...entry.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    for (const stream of [child.stdout, child.stderr])
      if (stream)
        createInterface({ input: stream }).on('line', (line) => this.print(`[${entry.spec.name}] ${line}`));
    child.once('exit', (code, signal) => void this.onExit(entry, child, code, signal));
  }

  private async onExit(
    entry: Running,
    child: ChildProcess,
    code: number | null,
    signal: string | null,
  ): Promise<void> {
    if (this.stopping || entry.child !== child) return;
    entry.child = undefined;
    const now = Date.now();
    const windowMs = this.options.windowMs ?? 60_000;
    entry.exits = [...entry.exits.filter((t) => t > now - windowMs), now];
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const maxRestarts = this.options.maxRestarts ?? 5;
    if (entry.exits.length > maxRestarts) {
      const reason = `${entry.spec.name} exited ${entry.exits.length} times within ${windowMs / 1000} s (last: ${how})`;
      this.print(`[supervisor] ${reason}; stopping everything`);
      await this.stop();
      this.options.onGiveUp?.(reason);
      return;
    }
    const backoff = this.options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (entry.exits.length - 1));
    this.print(`[supervisor] ${entry.spec.name} exited (${how}); restarting in ${delay} ms`);
    await sleep(delay);
    if (!this.stopping) this.launch(entry);
  }
}
