import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';
import {
  CAMPAIGNS_TOPIC,
  DEFAULT_TOPIC_LAYOUT,
  DLQ_HEADER,
  rosettaTopics,
  UPDATES_TOPIC,
} from '@rosetta/kafka';
import { applyCampaignChange, applyOutcome, campaignChange } from '@rosetta/lifecycle';
import { campaignRecord, updateRecord } from '@rosetta/lifecycle-service';
import { CE_HEADER, exampleOutcome } from '@rosetta/outcome-schema';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// docs/asyncapi.yaml is written by hand for people; these tests keep it valid (the AsyncAPI parser) and true
// (every topic and header it names is the one the code builds), so it cannot drift.
const path = fileURLToPath(new URL('../../docs/asyncapi.yaml', import.meta.url));
const text = readFileSync(path, 'utf8');

interface Doc {
  channels: Record<string, { address: string; bindings?: { kafka?: { partitions?: number } } }>;
  components: { messages: Record<string, { headers?: { properties: Record<string, unknown> } }> };
}
const doc = parseYaml(text) as Doc;

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document, with its $refs to the JSON Schemas resolved', async () => {
    // The schemas' $id URLs (https://rosetta.dev/schemas/...) are identifiers, not hosted files: map them to the repo.
    const local: Record<string, string> = {
      'outcome.v1.schema.json': '../../packages/outcome-schema/schema/outcome.v1.schema.json',
      'raw-record.v1.schema.json': '../../packages/raw-record/schema/raw-record.v1.schema.json',
      'update.v1.schema.json': '../../packages/lifecycle/schema/update.v1.schema.json',
      'campaign.v1.schema.json': '../../packages/lifecycle/schema/campaign.v1.schema.json',
      'campaign-change.v1.schema.json': '../../packages/lifecycle/schema/campaign-change.v1.schema.json',
    };
    const parser = new Parser({
      __unstable: {
        resolver: {
          resolvers: [
            {
              schema: 'https',
              read: (uri: { toString(): string }) => {
                const file =
                  local[
                    uri
                      .toString()
                      .replace(/^https:\/\/rosetta\.dev\/schemas\//, '')
                      .replace(/#.*$/, '')
                  ];
                if (!file) throw new Error(`no local copy of ${uri.toString()}`);
                return readFileSync(new URL(file, import.meta.url), 'utf8');
              },
            },
          ],
        },
      },
    });
    const { document, diagnostics } = await parser.parse(text, { source: path });
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const outcome = document?.components().messages().get('outcome');
    expect(outcome?.payload()?.properties()?.outcome).toBeDefined();
    const update = document?.components().messages().get('update');
    expect(update?.payload()?.properties()?.status).toBeDefined();
    const campaign = document?.components().messages().get('campaign');
    expect(campaign?.payload()?.properties()?.byStatus).toBeDefined();
  });

  it('names exactly the topics the code builds, with the default partition count', () => {
    const addresses = Object.values(doc.channels)
      .map((c) => c.address)
      .sort();
    expect(addresses).toEqual(
      rosettaTopics()
        .map((t) => t.topic)
        .sort(),
    );
    for (const channel of Object.values(doc.channels)) {
      const partitions = channel.bindings?.kafka?.partitions;
      if (partitions !== undefined) expect(partitions).toBe(DEFAULT_TOPIC_LAYOUT.partitions);
    }
  });

  it('lists exactly the CloudEvents and dead-letter headers the code writes', () => {
    expect(Object.keys(doc.components.messages.outcome?.headers?.properties ?? {}).sort()).toEqual(
      Object.values(CE_HEADER).sort(),
    );
    const example = exampleOutcome('lwm2m-update-succeeded');
    const state = applyOutcome(undefined, example) ?? expect.fail('no state');
    const update = updateRecord(state, UPDATES_TOPIC, 0);
    expect(Object.keys(doc.components.messages.update?.headers?.properties ?? {}).sort()).toEqual(
      Object.keys(update.headers ?? {}).sort(),
    );
    const inCampaign =
      applyOutcome(undefined, {
        ...example,
        operation: { ...example.operation, correlation: { campaignId: 'c-1' } },
      }) ?? expect.fail('no state');
    const change = campaignChange(undefined, inCampaign) ?? expect.fail('no campaign change');
    const campaign = campaignRecord(applyCampaignChange(undefined, change), CAMPAIGNS_TOPIC, 0, 'cause');
    expect(Object.keys(doc.components.messages.campaign?.headers?.properties ?? {}).sort()).toEqual(
      Object.keys(campaign.headers ?? {}).sort(),
    );
    expect(Object.keys(doc.components.messages.deadLetter?.headers?.properties ?? {}).sort()).toEqual(
      Object.values(DLQ_HEADER).sort(),
    );
  });
});
