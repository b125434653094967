import { type Element, el } from './element.ts';
import type { SyncMLMessage } from './message.ts';
import { METINF_NAMESPACE } from './wbxml-tokens.ts';

export interface CommandStatus {
  cmdRef: string;
  cmd: string;
  /** SyncML status code: 200 OK, 212 authentication accepted, 401, 407, 415, 500 ... */
  data: string;
}

export interface Challenge {
  type: 'syncml:auth-md5' | 'syncml:auth-basic';
  /** base64 nonce the device must use next time (auth-md5). */
  nextNonce?: string;
}

export interface ResponseOptions {
  request: Pick<SyncMLMessage, 'verDTD' | 'verProto' | 'sessionId' | 'msgId' | 'source' | 'target'>;
  serverUri: string;
  headerStatus: string;
  challenge?: Challenge;
  statuses: readonly CommandStatus[];
}

/**
 * A DM server's answer that lets the device end its reporting session: the SyncHdr Status, one Status per
 * received command (MsgRef, CmdRef, Cmd), and Final (OMA-TS-DM_RepPro 1.2 §6.6.2, §7).
 */
export function buildResponse(options: ResponseOptions): Element {
  const { request } = options;
  const version = request.verDTD === '1.3' ? '1.3' : '1.2';
  let cmdId = 0;
  const next = () => String(++cmdId);
  const chal = options.challenge
    ? [
        el('Chal', [
          el('Meta', [
            el('Type', options.challenge.type, METINF_NAMESPACE),
            el('Format', 'b64', METINF_NAMESPACE),
            ...(options.challenge.nextNonce
              ? [el('NextNonce', options.challenge.nextNonce, METINF_NAMESPACE)]
              : []),
          ]),
        ]),
      ]
    : [];
  const headerStatus = el('Status', [
    el('CmdID', next()),
    el('MsgRef', request.msgId),
    el('CmdRef', '0'),
    el('Cmd', 'SyncHdr'),
    el('TargetRef', request.target),
    el('SourceRef', request.source),
    ...chal,
    el('Data', options.headerStatus),
  ]);
  const statuses = options.statuses.map((s) =>
    el('Status', [
      el('CmdID', next()),
      el('MsgRef', request.msgId),
      el('CmdRef', s.cmdRef),
      el('Cmd', s.cmd),
      el('Data', s.data),
    ]),
  );
  return el(
    'SyncML',
    [
      el('SyncHdr', [
        el('VerDTD', version),
        el('VerProto', request.verProto || `DM/${version}`),
        el('SessionID', request.sessionId),
        el('MsgID', request.msgId),
        el('Target', [el('LocURI', request.source)]),
        el('Source', [el('LocURI', options.serverUri)]),
      ]),
      el('SyncBody', [headerStatus, ...statuses, el('Final')]),
    ],
    `SYNCML:SYNCML${version}`,
  );
}
