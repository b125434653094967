export { bearerToken, matchingSecret } from './bearer.ts';
export { errorBody, type HttpErrorBody, HttpIngressError, httpReason, sendError } from './errors.ts';
export { type HttpIngressOptions, setUpHttpIngress } from './ingress.ts';
export { parseJsonBody } from './json-body.ts';
