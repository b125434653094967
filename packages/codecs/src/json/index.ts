export { DEFAULT_JSON_LIMITS, type JsonLimits, parseJson } from './bounded-json.ts';
export { JSON_ERRORS, JsonCodecError } from './errors.ts';
