import type { SyncMLCommand, SyncMLMessage } from '@rosetta/codecs/syncml';
import { createMetrics } from '@rosetta/telemetry';
import { describe, expect, it } from 'vitest';
import { ignoredAlertTypes } from './ignored-alert-types.ts';
import { extractResults, recordGroups } from './results.ts';

const device = { id: 'IMEI:1' };
const message = (commands: SyncMLCommand[]): SyncMLMessage => ({
  verDTD: '1.2',
  verProto: 'DM/1.2',
  sessionId: '1',
  msgId: '1',
  source: device.id,
  target: 'https://dm',
  commands,
  final: true,
});
const genericAlert = (cmdId: string, type: string, data: string, format = 'int'): SyncMLCommand => ({
  name: 'Alert',
  cmdId,
  data: '1226',
  correlator: `c-${cmdId}`,
  meta: {},
  items: [{ type, format, data }],
});

describe('extractResults', () => {
  it('routes each Generic Alert by its type (the routing table), answers each command, keeps message order', () => {
    const extracted = extractResults(
      message([
        genericAlert('2', 'org.openmobilealliance.dm.firmwareupdate.downloadandupdate', '402'),
        genericAlert('3', 'org.openmobilealliance.softwaremgmt.remove', '1200'),
        {
          name: 'Replace',
          cmdId: '4',
          meta: {},
          items: [{ source: './FwUpdate/x/State', data: '50' }],
        },
      ]),
      device,
    );
    expect(extracted.reportable).toBe(true);
    expect(extracted.ignoredTypes).toEqual([]);
    expect(extracted.statuses.map((s) => `${s.cmdRef}:${s.data}`)).toEqual(['2:200', '3:200', '4:200']);
    // One group per vocabulary the routing table names, in order of first appearance: FUMO results, then SCOMO's.
    expect(extracted.groups).toEqual([
      {
        vocabulary: 'omadm-fumo',
        results: [
          { code: '402', device, operationType: 'firmware_update', correlation: { correlator: 'c-2' } },
          { code: 'state/50', device, operationType: 'firmware_update' },
        ],
      },
      {
        vocabulary: 'omadm-scomo',
        results: [
          { code: '1200', device, operationType: 'software_remove', correlation: { correlator: 'c-3' } },
        ],
      },
    ]);
  });

  it('an unknown alert type yields no result but is reported, and the message is still recorded once', () => {
    const extracted = extractResults(message([genericAlert('2', 'com.vendor.enrollment', '1')]), device);
    expect(extracted).toMatchObject({
      reportable: true,
      groups: [],
      ignoredTypes: ['com.vendor.enrollment'],
    });
    expect(recordGroups(extracted.groups)).toEqual([{ vocabulary: 'omadm-fumo', results: [] }]);
  });

  it('a result in an unsupported format gets 415 and no result; other commands 406', () => {
    const extracted = extractResults(
      message([
        genericAlert('2', 'org.openmobilealliance.dm.firmwareupdate.download', '200', 'b64'),
        { name: 'Exec', cmdId: '3', meta: {}, items: [] },
      ]),
      device,
    );
    expect(extracted.statuses.map((s) => `${s.cmdRef}:${s.data}`)).toEqual(['2:415', '3:406']);
    expect(extracted.groups).toEqual([]);
  });
});

describe('ignoredAlertTypes', () => {
  it('counts every ignored item and logs each distinct type once', async () => {
    const metrics = createMetrics('omadm-test');
    const logged: string[] = [];
    const ignored = ignoredAlertTypes(metrics, (type) => logged.push(type));
    ignored.note(['a', 'b', 'a']);
    ignored.note(['a']);
    expect(logged).toEqual(['a', 'b']);
    expect((await metrics.omadmAlertsIgnored.get()).values[0]?.value).toBe(4);
  });

  it('stops remembering new types after 256, still counting (a device cannot grow its memory)', async () => {
    const metrics = createMetrics('omadm-test');
    const logged: string[] = [];
    const ignored = ignoredAlertTypes(metrics, (type) => logged.push(type));
    ignored.note(Array.from({ length: 300 }, (_, i) => `t${i}`));
    expect(logged).toHaveLength(256);
    expect((await metrics.omadmAlertsIgnored.get()).values[0]?.value).toBe(300);
  });
});
