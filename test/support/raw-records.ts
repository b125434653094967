import type { OutgoingRecord } from '@rosetta/kafka';
import { rawTopic } from '@rosetta/kafka';
import type { Vocabulary } from '@rosetta/outcome-schema';
import { encodeRawRecord, type RawRecord } from '@rosetta/raw-record';

const CODES: Record<Vocabulary, string[]> = {
  'omadm-fumo': ['200', '402', '460', 'state/60'],
  'omadm-scomo': ['1200', '1405', '1460'],
  'knox-efota': ['-2402', '900', '-9999'],
  'pelion-update': ['UPD4_FAIL_504', 'UPD4_OK_100', 'UPD4_FAIL_312'],
  'lwm2m-fw': ['5', '1', '11'],
  'lwm2m-sw': ['58', 'state/4', '2'],
  'lwm2m-coap': ['observe/4.04', '5.00'],
  'eas-provision': ['provision/139', 'policy-ack/2'],
};
const VOCABS = Object.keys(CODES) as Vocabulary[];

/**
 * Raw records for `devices` devices of one tenant; record i carries its sequence number in correlation.jobId so a
 * test can check per-device order on the canonical topic.
 */
export function rawRecords(
  tenant: string,
  count: number,
  devices: number,
  topicOf: (vocabulary: Vocabulary) => string = rawTopic,
): OutgoingRecord[] {
  return Array.from({ length: count }, (_, i) => {
    // One device speaks one protocol, so its records share a raw topic (and a partition): order per device holds.
    const vocabulary = VOCABS[(i % devices) % VOCABS.length] ?? 'knox-efota';
    const codes = CODES[vocabulary];
    const device = `dev-${i % devices}`;
    const record: RawRecord = {
      rawVersion: 1,
      vocabulary,
      tenant,
      recordId: `${tenant}-rec-${i}`,
      receivedAt: new Date().toISOString(),
      received: { contentType: 'application/json', encoding: 'utf8', body: 'x'.repeat(700) },
      results: [
        {
          code: codes[Math.floor(i / devices) % codes.length] ?? '',
          device: { id: device },
          correlation: { jobId: String(i) },
        },
      ],
    };
    return { topic: topicOf(vocabulary), key: `${tenant}/${device}`, value: encodeRawRecord(record) };
  });
}
