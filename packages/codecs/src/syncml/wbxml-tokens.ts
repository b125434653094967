// WBXML tag tokens of SyncML DM 1.2 (OMA-TS-DM_RepPro, "WBXML code page" tables; same values as libwbxml):
// code page 0 is the SyncML DTD, code page 1 the MetInf DTD. Public id 0x1201 = "-//SYNCML//DTD SyncML 1.2//EN".
export const SYNCML_PAGE: Record<number, string> = {
  0x05: 'Add', 0x06: 'Alert', 0x07: 'Archive', 0x08: 'Atomic', 0x09: 'Chal', 0x0a: 'Cmd', 0x0b: 'CmdID',
  0x0c: 'CmdRef', 0x0d: 'Copy', 0x0e: 'Cred', 0x0f: 'Data', 0x10: 'Delete', 0x11: 'Exec', 0x12: 'Final',
  0x13: 'Get', 0x14: 'Item', 0x15: 'Lang', 0x16: 'LocName', 0x17: 'LocURI', 0x18: 'Map', 0x19: 'MapItem',
  0x1a: 'Meta', 0x1b: 'MsgID', 0x1c: 'MsgRef', 0x1d: 'NoResp', 0x1e: 'NoResults', 0x1f: 'Put', 0x20: 'Replace',
  0x21: 'RespURI', 0x22: 'Results', 0x23: 'Search', 0x24: 'Sequence', 0x25: 'SessionID', 0x26: 'SftDel',
  0x27: 'Source', 0x28: 'SourceRef', 0x29: 'Status', 0x2a: 'Sync', 0x2b: 'SyncBody', 0x2c: 'SyncHdr',
  0x2d: 'SyncML', 0x2e: 'Target', 0x2f: 'TargetRef', 0x31: 'VerDTD', 0x32: 'VerProto', 0x33: 'NumberOfChanges',
  0x34: 'MoreData', 0x35: 'Field', 0x36: 'Filter', 0x37: 'Record', 0x38: 'FilterType', 0x39: 'SourceParent',
  0x3a: 'TargetParent', 0x3b: 'Move', 0x3c: 'Correlator',
};

export const METINF_PAGE: Record<number, string> = {
  0x05: 'Anchor', 0x06: 'EMI', 0x07: 'Format', 0x08: 'FreeID', 0x09: 'FreeMem', 0x0a: 'Last', 0x0b: 'Mark',
  0x0c: 'MaxMsgSize', 0x0d: 'Mem', 0x0e: 'MetInf', 0x0f: 'Next', 0x10: 'NextNonce', 0x11: 'SharedMem',
  0x12: 'Size', 0x13: 'Type', 0x14: 'Version', 0x15: 'MaxObjSize', 0x16: 'FieldLevel',
};

export const PAGES = [SYNCML_PAGE, METINF_PAGE] as const;
export const METINF_NAMESPACE = 'syncml:metinf';
export const SYNCML_PUBLIC_ID = 0x1201;
export const UTF8_MIB = 0x6a;

export const GLOBAL = { SWITCH_PAGE: 0x00, END: 0x01, ENTITY: 0x02, STR_I: 0x03, LITERAL: 0x04, STR_T: 0x83, OPAQUE: 0xc3 } as const;
