import type { Element } from './element.ts';
import { SYNCML_ERRORS, SyncMLError } from './errors.ts';

/** The parts of a SyncML DM message Rosetta needs (OMA-TS-DM_RepPro 1.2, §6 and §7). */
export interface SyncMLItem {
  source?: string;
  target?: string;
  /** Meta/Type, trimmed (devices pad it with spaces). */
  type?: string;
  format?: string;
  mark?: string;
  data?: string;
}

export interface SyncMLCommand {
  name: string;
  cmdId: string;
  /** Alert code (Data of the Alert), e.g. 1226 for a Generic Alert. */
  data?: string;
  correlator?: string;
  meta: { type?: string; format?: string };
  items: SyncMLItem[];
}

export interface SyncMLCred {
  type?: string;
  format?: string;
  data: string;
}

export interface SyncMLMessage {
  verDTD: string;
  verProto: string;
  sessionId: string;
  msgId: string;
  /** SyncHdr Source LocURI: the device id (e.g. IMEI:493005100592800). */
  source: string;
  target: string;
  cred?: SyncMLCred;
  commands: SyncMLCommand[];
  final: boolean;
}

const child = (e: Element | undefined, name: string): Element | undefined =>
  e?.children?.find((c) => c.name === name);
const all = (e: Element | undefined, name: string): Element[] =>
  e?.children?.filter((c) => c.name === name) ?? [];
const text = (e: Element | undefined): string | undefined =>
  e?.text === undefined ? undefined : e.text.trim();
const locUri = (e: Element | undefined): string | undefined => text(child(e, 'LocURI'));

function meta(e: Element | undefined): { type?: string; format?: string; mark?: string } {
  const m = child(e, 'Meta');
  // MetInf children may sit directly in Meta or inside a MetInf wrapper.
  const inner = child(m, 'MetInf') ?? m;
  const type = text(child(inner, 'Type'));
  const format = text(child(inner, 'Format'));
  const mark = text(child(inner, 'Mark'));
  return { ...(type ? { type } : {}), ...(format ? { format } : {}), ...(mark ? { mark } : {}) };
}

function item(e: Element): SyncMLItem {
  const source = locUri(child(e, 'Source'));
  const target = locUri(child(e, 'Target'));
  const data = text(child(e, 'Data'));
  return {
    ...(source ? { source } : {}),
    ...(target ? { target } : {}),
    ...meta(e),
    ...(data !== undefined ? { data } : {}),
  };
}

const COMMANDS = new Set([
  'Add',
  'Alert',
  'Atomic',
  'Copy',
  'Delete',
  'Exec',
  'Get',
  'Map',
  'Put',
  'Replace',
  'Results',
  'Sequence',
  'Status',
  'Sync',
]);

function commands(body: Element): SyncMLCommand[] {
  return (body.children ?? [])
    .filter((c) => COMMANDS.has(c.name))
    .flatMap((c) => {
      // Atomic and Sequence wrap other commands; each inner command is answered on its own.
      if (c.name === 'Atomic' || c.name === 'Sequence') return commands(c);
      const data = text(child(c, 'Data'));
      const correlator = text(child(c, 'Correlator'));
      return [
        {
          name: c.name,
          cmdId: text(child(c, 'CmdID')) ?? '',
          ...(data !== undefined ? { data } : {}),
          ...(correlator ? { correlator } : {}),
          meta: meta(c),
          items: all(c, 'Item').map(item),
        },
      ];
    });
}

/** Reads a SyncML element tree (from XML or WBXML); the namespace's case and version spelling do not matter. */
export function readSyncML(root: Element): SyncMLMessage {
  if (root.name !== 'SyncML')
    throw new SyncMLError(SYNCML_ERRORS.NOT_SYNCML, `root element is ${root.name}, not SyncML`);
  const header = child(root, 'SyncHdr');
  const body = child(root, 'SyncBody');
  if (!header || !body)
    throw new SyncMLError(SYNCML_ERRORS.NOT_SYNCML, 'SyncML needs a SyncHdr and a SyncBody');
  const source = locUri(child(header, 'Source'));
  if (!source)
    throw new SyncMLError(SYNCML_ERRORS.NOT_SYNCML, 'SyncHdr/Source/LocURI (the device id) is missing');
  const credElement = child(header, 'Cred');
  const credMeta = meta(credElement);
  const cred = credElement ? { ...credMeta, data: text(child(credElement, 'Data')) ?? '' } : undefined;
  return {
    verDTD: text(child(header, 'VerDTD')) ?? '',
    verProto: text(child(header, 'VerProto')) ?? '',
    sessionId: text(child(header, 'SessionID')) ?? '',
    msgId: text(child(header, 'MsgID')) ?? '',
    source,
    target: locUri(child(header, 'Target')) ?? '',
    ...(cred ? { cred } : {}),
    commands: commands(body),
    final: child(body, 'Final') !== undefined,
  };
}
