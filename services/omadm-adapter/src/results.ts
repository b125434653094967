import type { CommandStatus, SyncMLMessage } from '@rosetta/codecs/syncml';
import type { RawResult } from '@rosetta/raw-record';
import { FUMO_STATE_URI, GENERIC_ALERT, operationOf, RESULT_FORMATS } from './alert-types.ts';

// SyncML status codes used here (OMA-TS-DM_RepPro 1.2 §10): 200 OK, 406 optional feature not supported,
// 415 unsupported media type or format.
export const STATUS = { OK: '200', NOT_SUPPORTED: '406', UNSUPPORTED_FORMAT: '415' } as const;

export interface Extracted {
  results: RawResult[];
  statuses: CommandStatus[];
  /** True when the message carried a Generic Alert or a FUMO State report: worth a raw record. */
  reportable: boolean;
}

/** Pure: every Generic Alert item and FUMO State report in a message → raw results, plus the Status for each command. */
export function extractResults(message: SyncMLMessage, device: RawResult['device']): Extracted {
  const results: RawResult[] = [];
  const statuses: CommandStatus[] = [];
  let reportable = false;
  for (const command of message.commands) {
    const status = (data: string) => statuses.push({ cmdRef: command.cmdId, cmd: command.name, data });
    if (command.name === 'Status') continue; // statuses are never answered
    if (command.name === 'Alert' && command.data === GENERIC_ALERT) {
      reportable = true;
      const badFormat = command.items.some(
        (i) => operationOf(i.type ?? command.meta.type) && i.format && !RESULT_FORMATS.includes(i.format),
      );
      if (badFormat) {
        status(STATUS.UNSUPPORTED_FORMAT);
        continue;
      }
      for (const item of command.items) {
        const operationType = operationOf(item.type ?? command.meta.type);
        if (!operationType) continue;
        results.push({
          code: item.data ?? '',
          device,
          operationType,
          ...(command.correlator ? { correlation: { correlator: command.correlator } } : {}),
        });
      }
      status(STATUS.OK);
    } else if (command.name === 'Alert' || command.name === 'Replace' || command.name === 'Results') {
      for (const item of command.items) {
        if (item.source && FUMO_STATE_URI.test(item.source) && item.data !== undefined) {
          reportable = true;
          results.push({ code: `state/${item.data}`, device, operationType: 'firmware_update' });
        }
      }
      status(STATUS.OK);
    } else {
      status(STATUS.NOT_SUPPORTED);
    }
  }
  return { results, statuses, reportable };
}

/** DevInfo the device volunteers in the same message (./DevInfo/Mod, ./DevInfo/Man). */
export function devInfo(message: SyncMLMessage): { model?: string; manufacturer?: string } {
  const items = message.commands.flatMap((c) => c.items);
  const model = items.find((i) => i.source?.endsWith('DevInfo/Mod'))?.data;
  const manufacturer = items.find((i) => i.source?.endsWith('DevInfo/Man'))?.data;
  return { ...(model ? { model } : {}), ...(manufacturer ? { manufacturer } : {}) };
}
