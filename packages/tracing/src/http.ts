import type { Span } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from './conventions.ts';
import { endSpan, startSpan } from './spans.ts';
import { traceparentOf } from './trace-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The trace context a record made from this request carries: the server span's, or with tracing off the
     * sender's own `traceparent` header when it is a valid W3C one (absent otherwise).
     */
    traceparent: string | undefined;
  }
}

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * One SERVER span per request (HTTP semantic conventions: `<METHOD> <route>`), child of the sender's `traceparent`
 * header. Register on the root instance, before the routes.
 */
export function traceHttpRequests(app: FastifyInstance): void {
  app.decorateRequest('traceparent', undefined);
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    const header = request.headers.traceparent;
    const span = startSpan(
      route ? `${request.method} ${route}` : request.method,
      SpanKind.SERVER,
      typeof header === 'string' ? header : undefined,
      {
        [ATTR_HTTP_REQUEST_METHOD]: request.method,
        [ATTR_URL_PATH]: request.url.split('?')[0] ?? request.url,
        [ATTR_URL_SCHEME]: request.protocol,
        [ATTR_CLIENT_ADDRESS]: request.ip,
        ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        ...(request.socket.localPort ? { [ATTR_SERVER_PORT]: request.socket.localPort } : {}),
        ...(request.headers['user-agent']
          ? { [ATTR_USER_AGENT_ORIGINAL]: request.headers['user-agent'] }
          : {}),
      },
    );
    spans.set(request, span);
    request.traceparent = traceparentOf(span);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    // HTTP server conventions: only a 5xx marks a server span failed (error.type = the status code); a 4xx is the
    // client's mistake.
    if (reply.statusCode >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(reply.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
  app.addHook('onRequestAbort', async (request) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    endSpan(span, new Error('request aborted by the client'));
  });
}
