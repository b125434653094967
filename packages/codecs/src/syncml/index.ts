export { parseXml } from './xml.ts';
export { decodeWbxml, encodeWbxml } from './wbxml.ts';
export { readSyncML, type SyncMLMessage, type SyncMLCommand, type SyncMLItem, type SyncMLCred } from './message.ts';
export { buildResponse, type CommandStatus, type Challenge, type ResponseOptions } from './response.ts';
export { toXml, el, type Element } from './element.ts';
export { SyncMLError, SYNCML_ERRORS } from './errors.ts';
export { authMd5Digest } from './auth-md5.ts';
