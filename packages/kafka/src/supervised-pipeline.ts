import type { TransactionalPipeline, TransactionalPipelineOptions } from './port.ts';

export type PipelineEvents = Required<
  Pick<TransactionalPipelineOptions, 'onCommitted' | 'onCommitFailed' | 'onFatal'>
>;

export interface SupervisedPipeline {
  /** The running pipeline; undefined while it is being restarted. */
  current(): TransactionalPipeline | undefined;
  /** Not ready while the pipeline is down or its last commit failed; the reason says which. */
  readiness(): { ok: boolean; reasons: string[] };
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  /** Names the pipeline in log lines (`<name> pipeline stopped; restarting`). */
  name: string;
  log: (line: Record<string, unknown>) => void;
  /** Back-off between restarts: doubles from `initialMs` up to `maxMs` (default 1 s to 5 s). */
  backoff?: { initialMs: number; maxMs: number };
  onRestarted?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a pipeline with `start` and keeps one running: after its onFatal the pipeline is stopped and a new one
 * started with back-off, which resumes from the committed offsets (never an in-process retry of the batch).
 */
export async function superviseTransactionalPipeline(
  start: (events: PipelineEvents) => Promise<TransactionalPipeline>,
  options: SupervisionOptions,
): Promise<SupervisedPipeline> {
  const { name, log } = options;
  const backoff = options.backoff ?? { initialMs: 1000, maxMs: 5000 };
  let pipeline: TransactionalPipeline | undefined;
  let stopping = false;
  let problem: string | undefined;
  const events: PipelineEvents = {
    onCommitted: () => {
      problem = undefined;
    },
    onCommitFailed: (error) => {
      problem = `last commit failed: ${error.message}`;
      log({ level: 'error', msg: `${name} commit failed`, error: error.message });
    },
    onFatal: (error) => void restart(error),
  };
  const restart = async (error: Error): Promise<void> => {
    problem = `pipeline stopped: ${error.message}`;
    log({ level: 'error', msg: `${name} pipeline stopped; restarting`, error: error.message });
    const stopped = pipeline;
    pipeline = undefined;
    await stopped?.stop().catch(() => undefined);
    for (let attempt = 0; !stopping; attempt++) {
      await sleep(Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt));
      if (stopping) return;
      try {
        pipeline = await start(events);
        options.onRestarted?.();
        log({ level: 'info', msg: `${name} pipeline restarted`, attempt: attempt + 1 });
        return;
      } catch (startError) {
        problem = `pipeline restart failed: ${(startError as Error).message}`;
        log({ level: 'error', msg: `${name} restart failed`, error: (startError as Error).message });
      }
    }
  };
  pipeline = await start(events);
  return {
    current: () => pipeline,
    readiness: () =>
      pipeline && !problem
        ? { ok: true, reasons: [] }
        : { ok: false, reasons: [problem ?? 'pipeline is down'] },
    async stop() {
      stopping = true;
      await pipeline?.stop();
    },
  };
}
