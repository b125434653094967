import { readFileSync } from 'node:fs';
import { standardTranslator } from '@rosetta/mappings';
import type { FastifyInstance } from 'fastify';
import { explorerData } from './data.ts';

const PAGE = readFileSync(new URL('../public/explorer.html', import.meta.url), 'utf8');

/** Serves the mapping explorer at /explorer (page) and /explorer/data.json (the tables it shows). */
export async function explorerRoutes(app: FastifyInstance): Promise<void> {
  const data = JSON.stringify(explorerData(standardTranslator()));
  app.get('/explorer', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/explorer/data.json', async (_request, reply) => reply.type('application/json').send(data));
}
