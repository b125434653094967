import type { FastifyInstance } from 'fastify';

/**
 * app.close() with in-flight requests finishing: fastify closes idle keep-alive connections once, when close() starts,
 * so a connection whose request finishes afterwards would stay open until keepAliveTimeout (72 s) and hold the exit.
 */
export async function closeHttpGracefully(app: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}

/**
 * On SIGTERM or SIGINT, run the steps in order (stop accepting, flush to Kafka, disconnect) and exit 0; a failing
 * step is logged and the process exits 1, so the supervisor knows the shutdown was not clean.
 */
export function exitAfterShutdown(steps: readonly (() => Promise<unknown>)[]): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void (async () => {
        try {
          for (const step of steps) await step();
          process.exit(0);
        } catch (error) {
          console.error(
            JSON.stringify({ level: 'error', msg: 'shutdown failed', signal, error: String(error) }),
          );
          process.exit(1);
        }
      })();
    });
  }
}
