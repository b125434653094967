import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const file = (name: string) => readFileSync(new URL(`../public/${name}`, import.meta.url), 'utf8');
const CHART_JS = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
  'utf8',
);

/**
 * The lifecycle pages, served beside the lifecycle API (same origin, so they read /v1 directly): a campaign page
 * (devices by canonical code and by status, reports over time, stuck and failed devices) and a drift page (unmapped
 * share per vocabulary over the window, per tenant and vocabulary, top unmapped codes). Charts by Chart.js.
 */
export async function lifecyclePages(app: FastifyInstance): Promise<void> {
  const pages = {
    '/explorer/campaign': ['campaign.html', 'text/html; charset=utf-8'],
    '/explorer/drift': ['drift.html', 'text/html; charset=utf-8'],
    '/explorer/lifecycle.js': ['lifecycle.js', 'text/javascript; charset=utf-8'],
    '/explorer/lifecycle.css': ['lifecycle.css', 'text/css; charset=utf-8'],
  } as const;
  for (const [path, [name, type]] of Object.entries(pages)) {
    const body = file(name);
    app.get(path, async (_request, reply) => reply.type(type).send(body));
  }
  app.get('/explorer/vendor/chart.umd.min.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(CHART_JS),
  );
}
