import { randomUUID } from 'node:crypto';
import { bearerToken, matchingSecret } from '@rosetta/http-ingress';
import { contentRecordId, expectedOutcomeIds, publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { codeKey, routeAlert } from '@rosetta/mappings';
import { createRawRecord, type RawResult, toInstant } from '@rosetta/raw-record';
import type { FastifyInstance } from 'fastify';
import { type AlertsBody, alertsBodySchema } from './alerts-json.ts';
import { type OmadmConfig, profileFor, tenantOf } from './config.ts';
import { OmadmError, refuse } from './errors.ts';
import type { IgnoredAlertTypes } from './ignored-alert-types.ts';
import { groupByVocabulary, recordGroups } from './results.ts';

function occurredAt(time: string | undefined): { occurredAt?: string } {
  if (time === undefined) return {};
  const instant = toInstant(time);
  if (!instant)
    throw new OmadmError('BAD_JSON', `alerts/time ${JSON.stringify(time.slice(0, 40))} names no instant`);
  return { occurredAt: instant };
}

/** POST /omadm/alerts: Generic Alerts a DM server already parsed, forwarded as JSON with a bearer token of the tenant. */
export async function alertsRoute(
  app: FastifyInstance,
  {
    config,
    publisher,
    ignored,
  }: { config: OmadmConfig; publisher: RecordPublisher; ignored: IgnoredAlertTypes },
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
      const tenantName = request.body.tenant ?? config.defaultTenant;
      const tenant = tenantOf(config, tenantName);
      if (
        !tenant ||
        matchingSecret(tenant.tokens ?? [], bearerToken(request.headers.authorization) ?? '') < 0
      )
        return refuse(reply, 'UNAUTHENTICATED', 'a bearer token of the tenant is required');
      const body = request.body;
      const device = { id: body.deviceId, ...(body.model ? { model: body.model } : {}) };
      const tagged = body.alerts.flatMap((alert) => {
        const route = routeAlert(alert.type);
        const correlator = alert.correlator ?? body.correlator;
        if (!route) {
          ignored.note([alert.type]);
          return [];
        }
        const result: RawResult = {
          code: codeKey(route.vocabulary, 'result', alert.data),
          device,
          operationType: route.operation,
          ...(correlator ? { correlation: { correlator } } : {}),
          ...occurredAt(alert.time),
        };
        return [{ vocabulary: route.vocabulary, result }];
      });
      const profile = profileFor(tenant, body.model);
      const json = JSON.stringify(body);
      const records = recordGroups(groupByVocabulary(tagged)).map((group) =>
        createRawRecord({
          vocabulary: group.vocabulary,
          tenant: tenantName,
          recordId: body.id ? `omadm-json:${body.id}` : contentRecordId(tenantName, json),
          profile,
          received: { contentType: 'application/json', encoding: 'utf8', body: json },
          results: group.results,
          traceparent: request.traceparent,
        }),
      );
      await publishRaw(publisher, records);
      return reply.code(202).send({
        accepted: tagged.length,
        ids: records.flatMap(expectedOutcomeIds),
        requestId: randomUUID(),
      });
    },
  );
}
