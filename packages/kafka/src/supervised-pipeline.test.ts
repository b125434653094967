import { describe, expect, it } from 'vitest';
import type { TransactionalPipeline } from './port.ts';
import { type PipelineEvents, superviseTransactionalPipeline } from './supervised-pipeline.ts';

describe('superviseTransactionalPipeline', () => {
  it('replaces a pipeline that failed, with back-off, reports readiness, and stops for good', async () => {
    const started: { events: PipelineEvents; stopped: boolean }[] = [];
    let refuseNext = false;
    const lines: string[] = [];
    let restarts = 0;
    const supervised = await superviseTransactionalPipeline(
      async (events) => {
        if (refuseNext) {
          refuseNext = false;
          throw new Error('broker away');
        }
        const entry = { events, stopped: false };
        started.push(entry);
        const pipeline: TransactionalPipeline = {
          commit: async () => undefined,
          stop: async () => {
            entry.stopped = true;
          },
        };
        return pipeline;
      },
      {
        name: 'test',
        log: (line) => lines.push(String(line.msg)),
        backoff: { initialMs: 1, maxMs: 4 },
        onRestarted: () => {
          restarts += 1;
        },
      },
    );
    expect(supervised.readiness()).toEqual({ ok: true, reasons: [] });
    started[0]?.events.onCommitFailed(new Error('fenced'));
    expect(supervised.readiness()).toEqual({ ok: false, reasons: ['last commit failed: fenced'] });
    refuseNext = true;
    started[0]?.events.onFatal(new Error('fenced'));
    expect(supervised.current()).toBeUndefined();
    for (let i = 0; i < 100 && started.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(started.map((s) => s.stopped)).toEqual([true, false]);
    expect(restarts).toBe(1);
    expect(lines).toEqual([
      'test commit failed',
      'test pipeline stopped; restarting',
      'test restart failed',
      'test pipeline restarted',
    ]);
    started[1]?.events.onCommitted({ records: 1, produced: 1 });
    expect(supervised.readiness().ok).toBe(true);
    await supervised.stop();
    expect(started[1]?.stopped).toBe(true);
  });
});
