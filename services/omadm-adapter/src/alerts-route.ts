import { randomUUID, timingSafeEqual } from 'node:crypto';
import { contentRecordId, expectedOutcomeIds, publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { createRawRecord, type RawResult, toInstant } from '@rosetta/raw-record';
import type { FastifyInstance } from 'fastify';
import { operationOf } from './alert-types.ts';
import { type AlertsBody, alertsBodySchema } from './alerts-json.ts';
import { type OmadmConfig, profileFor, tenantOf } from './config.ts';

function occurredAt(time: string | undefined): { occurredAt?: string } {
  if (time === undefined) return {};
  const instant = toInstant(time);
  if (!instant)
    throw Object.assign(new Error(`alerts/time ${JSON.stringify(time.slice(0, 40))} names no instant`), {
      statusCode: 400,
      code: 'ROSETTA_ERR_OMADM_BAD_JSON',
    });
  return { occurredAt: instant };
}

/** POST /omadm/alerts: Generic Alerts a DM server already parsed, forwarded as JSON with a bearer token of the tenant. */
export async function alertsRoute(
  app: FastifyInstance,
  { config, publisher }: { config: OmadmConfig; publisher: RecordPublisher },
): Promise<void> {
  app.post<{ Body: AlertsBody }>(
    '/omadm/alerts',
    {
      schema: {
        summary: 'Generic Alerts a DM server already parsed, forwarded as JSON (Bearer token of the tenant)',
        body: alertsBodySchema,
      },
    },
    async (request, reply) => {
      const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const tenantName = request.body.tenant ?? config.defaultTenant;
      const tenant = tenantOf(config, tenantName);
      const tokens = tenant?.tokens ?? [];
      const given = Buffer.from(token);
      if (
        !tenant ||
        !tokens.some((t) => Buffer.from(t).length === given.length && timingSafeEqual(Buffer.from(t), given))
      ) {
        return reply.code(401).send({
          statusCode: 401,
          code: 'ROSETTA_ERR_OMADM_UNAUTHENTICATED',
          error: 'Unauthorized',
          message: 'a bearer token of the tenant is required',
        });
      }
      const body = request.body;
      const device = { id: body.deviceId, ...(body.model ? { model: body.model } : {}) };
      const results: RawResult[] = body.alerts.flatMap((alert) => {
        const operationType = operationOf(alert.type);
        const correlator = alert.correlator ?? body.correlator;
        if (!operationType) return [];
        return [
          {
            code: String(alert.data),
            device,
            operationType,
            ...(correlator ? { correlation: { correlator } } : {}),
            ...occurredAt(alert.time),
          },
        ];
      });
      const profile = profileFor(tenant, body.model);
      const json = JSON.stringify(body);
      const record = createRawRecord({
        vocabulary: 'omadm-fumo',
        tenant: tenantName,
        recordId: body.id ? `omadm-json:${body.id}` : contentRecordId(tenantName, json),
        profile,
        received: { contentType: 'application/json', encoding: 'utf8', body: json },
        results,
        traceparent: request.traceparent,
      });
      await publishRaw(publisher, [record]);
      return reply
        .code(202)
        .send({ accepted: results.length, ids: expectedOutcomeIds(record), requestId: randomUUID() });
    },
  );
}
