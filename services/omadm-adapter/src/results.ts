import type { CommandStatus, SyncMLMessage } from '@rosetta/codecs/syncml';
import { codeKey, routeAlert } from '@rosetta/mappings';
import type { Vocabulary } from '@rosetta/outcome-schema';
import type { RawResult } from '@rosetta/raw-record';
import { FUMO_STATE_URI, GENERIC_ALERT, RESULT_FORMATS } from './alert-types.ts';

// SyncML status codes used here (OMA-TS-DM_RepPro 1.2 §10): 200 OK, 406 optional feature not supported,
// 415 unsupported media type or format.
export const STATUS = { OK: '200', NOT_SUPPORTED: '406', UNSUPPORTED_FORMAT: '415' } as const;

/** Results of one vocabulary: the alert-type routing table (`@rosetta/mappings`) says which reads which code. */
export interface VocabularyResults {
  vocabulary: Vocabulary;
  results: RawResult[];
}

/** Results in message order, one group per vocabulary in order of first appearance. */
export function groupByVocabulary(tagged: readonly { vocabulary: Vocabulary; result: RawResult }[]) {
  const groups = new Map<Vocabulary, RawResult[]>();
  for (const { vocabulary, result } of tagged)
    groups.set(vocabulary, [...(groups.get(vocabulary) ?? []), result]);
  return [...groups].map(([vocabulary, results]): VocabularyResults => ({ vocabulary, results }));
}

/**
 * The raw records a reportable message becomes: one per vocabulary; a message whose alerts no row routes is still
 * recorded once, on the OMA-DM adapter's own raw topic, with no results (kept as received, no outcome).
 */
export function recordGroups(groups: readonly VocabularyResults[]): VocabularyResults[] {
  return groups.length > 0 ? [...groups] : [{ vocabulary: 'omadm-fumo', results: [] }];
}

export interface Extracted {
  groups: VocabularyResults[];
  /** Generic Alert types no routing row knows: recorded on the raw topic with the message, no outcome. */
  ignoredTypes: string[];
  statuses: CommandStatus[];
  /** True when the message carried a Generic Alert or a FUMO State report: worth a raw record. */
  reportable: boolean;
}

/** Pure: every Generic Alert item and FUMO State report in a message → raw results, plus the Status for each command. */
export function extractResults(message: SyncMLMessage, device: RawResult['device']): Extracted {
  const tagged: { vocabulary: Vocabulary; result: RawResult }[] = [];
  const ignoredTypes: string[] = [];
  const statuses: CommandStatus[] = [];
  let reportable = false;
  for (const command of message.commands) {
    const status = (data: string) => statuses.push({ cmdRef: command.cmdId, cmd: command.name, data });
    if (command.name === 'Status') continue; // statuses are never answered
    if (command.name === 'Alert' && command.data === GENERIC_ALERT) {
      reportable = true;
      const badFormat = command.items.some(
        (i) => routeAlert(i.type ?? command.meta.type) && i.format && !RESULT_FORMATS.includes(i.format),
      );
      if (badFormat) {
        status(STATUS.UNSUPPORTED_FORMAT);
        continue;
      }
      for (const item of command.items) {
        const type = item.type ?? command.meta.type;
        const route = routeAlert(type);
        if (!route) {
          ignoredTypes.push(type ?? '');
          continue;
        }
        tagged.push({
          vocabulary: route.vocabulary,
          result: {
            code: codeKey(route.vocabulary, 'result', item.data ?? ''),
            device,
            operationType: route.operation,
            ...(command.correlator ? { correlation: { correlator: command.correlator } } : {}),
          },
        });
      }
      status(STATUS.OK);
    } else if (command.name === 'Alert' || command.name === 'Replace' || command.name === 'Results') {
      for (const item of command.items) {
        if (item.source && FUMO_STATE_URI.test(item.source) && item.data !== undefined) {
          reportable = true;
          tagged.push({
            vocabulary: 'omadm-fumo',
            result: {
              code: codeKey('omadm-fumo', 'state', item.data),
              device,
              operationType: 'firmware_update',
            },
          });
        }
      }
      status(STATUS.OK);
    } else {
      status(STATUS.NOT_SUPPORTED);
    }
  }
  return { groups: groupByVocabulary(tagged), ignoredTypes, statuses, reportable };
}

/** DevInfo the device volunteers in the same message (./DevInfo/Mod, ./DevInfo/Man). */
export function devInfo(message: SyncMLMessage): { model?: string; manufacturer?: string } {
  const items = message.commands.flatMap((c) => c.items);
  const model = items.find((i) => i.source?.endsWith('DevInfo/Mod'))?.data;
  const manufacturer = items.find((i) => i.source?.endsWith('DevInfo/Man'))?.data;
  return { ...(model ? { model } : {}), ...(manufacturer ? { manufacturer } : {}) };
}
