/** The SyncML DM media types (OMA-TS-DM_RepPro 1.2 §6): XML and its binary WBXML form. */
export const CONTENT_TYPE = {
  xml: 'application/vnd.syncml.dm+xml',
  wbxml: 'application/vnd.syncml.dm+wbxml',
} as const;
