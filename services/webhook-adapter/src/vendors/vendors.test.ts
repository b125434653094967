import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../vendor.ts';
import { easProvision } from './eas-provision.ts';
import { knoxEfota } from './knox-efota.ts';
import { pelionUpdate } from './pelion-update.ts';

// toRecords on bodies the route's JSON Schema already accepted (the schema itself is exercised over HTTP by the
// adapter's integration and contract tests).
const context = (body: unknown, query: RequestContext['query'] = {}): RequestContext => ({
  tenant: 'acme',
  receivedAt: '2026-12-04T10:00:00.000Z',
  contentType: typeof body === 'string' ? 'application/xml' : 'application/json',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  query,
  peer: '192.0.2.7',
});
const records = (vendor: typeof knoxEfota, body: unknown, query?: RequestContext['query']) =>
  vendor.toRecords(body, context(body, query));

describe('knox-efota toRecords', () => {
  it('one record per event, keyed by its event id, with the device fields and the error time', () => {
    const events = [
      {
        eventId: 'e1',
        imei: '356938035643809',
        model: 'SM-G991B',
        agentError: { code: -2402, date: '2026-11-21T10:15:00Z' },
      },
      { serial: 'R58N', agentError: { code: '0' } },
    ];
    const [first, second] = records(knoxEfota, events);
    expect(first).toMatchObject({
      vocabulary: 'knox-efota',
      tenant: 'acme',
      recordId: 'knox:e1',
      results: [
        {
          code: '-2402',
          device: { id: '356938035643809', imei: '356938035643809', model: 'SM-G991B' },
          occurredAt: '2026-11-21T10:15:00.000Z',
          correlation: { eventId: 'e1' },
        },
      ],
    });
    expect(second?.results[0]).toEqual({ code: '0', device: { id: 'R58N', serial: 'R58N' } });
    expect(second?.recordId).toMatch(/^sha256:[0-9a-f]{32}$/);
  });

  it('an impossible date is a 400 naming the field', () => {
    expect(() =>
      records(knoxEfota, { deviceId: 'd', agentError: { code: 1, date: '2026-02-30T00:00:00Z' } }),
    ).toThrow(/body\/agentError\/date/);
  });
});

describe('pelion-update toRecords', () => {
  it('device events keyed by event_type, campaign metadata by deployment state, a list envelope unwrapped', () => {
    const body = {
      object: 'list',
      data: [
        {
          object: 'device-event',
          id: 'ev1',
          device_id: 'dev1',
          event_type: 'UPD4_FAIL_504',
          data: { campaign_id: 'c1' },
        },
        {
          object: 'update-campaign-device-metadata',
          id: 'm1',
          device_id: 'dev2',
          campaign: 'c1',
          deployment_state: 'deployed',
        },
      ],
    };
    const results = records(pelionUpdate, body).flatMap((r) => r.results);
    expect(results).toEqual([
      { code: 'UPD4_FAIL_504', device: { id: 'dev1' }, correlation: { eventId: 'ev1', campaignId: 'c1' } },
      {
        code: 'deployment/deployed',
        device: { id: 'dev2' },
        correlation: { campaignId: 'c1', eventId: 'm1' },
      },
    ]);
  });
});

describe('eas-provision toRecords', () => {
  it('JSON: one result per status present, in a fixed order', () => {
    const [record] = records(easProvision, {
      deviceId: 'Appl1',
      wipeStatus: 1,
      provisionStatus: 1,
      policyStatus: 5,
    });
    expect(record?.results.map((r) => r.code)).toEqual(['provision/1', 'policy/5', 'wipe/1']);
  });

  it('XML: the device comes from ?deviceId= and the document; a DTD is refused as such', () => {
    const xml =
      '<Provision xmlns="Provision"><Status>1</Status><Policies><Policy><Status>2</Status></Policy></Policies></Provision>';
    const [record] = records(easProvision, xml, { deviceId: 'Appl2' });
    expect(record?.results).toEqual([
      { code: 'provision/1', device: { id: 'Appl2' } },
      { code: 'policy/2', device: { id: 'Appl2' } },
    ]);
    expect(() => records(easProvision, xml)).toThrow(/querystring\/deviceId/);
    expect(() =>
      records(easProvision, '<!DOCTYPE x [<!ENTITY a "b">]><Provision><Status>&a;</Status></Provision>', {
        deviceId: 'd',
      }),
    ).toThrow(expect.objectContaining({ code: 'ROSETTA_ERR_WEBHOOK_XML_DTD' }));
  });
});
