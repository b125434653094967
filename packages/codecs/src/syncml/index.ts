export { authMd5Digest } from './auth-md5.ts';
export { type Element, el, toXml } from './element.ts';
export { SYNCML_ERRORS, SyncMLError } from './errors.ts';
export { DEFAULT_SYNCML_LIMITS, type SyncMLLimits } from './limits.ts';
export {
  readSyncML,
  type SyncMLCommand,
  type SyncMLCred,
  type SyncMLItem,
  type SyncMLMessage,
} from './message.ts';
export { buildResponse, type Challenge, type CommandStatus, type ResponseOptions } from './response.ts';
export { decodeWbxml, encodeWbxml } from './wbxml.ts';
export { parseXml } from './xml.ts';
/** The XML 1.0 well-formedness and budget scan parseXml runs first; usable for any XML body (EAS Provision). */
export { scanXml } from './xml-scan.ts';
