import type { FastifyReply } from 'fastify';

/** The body of every error an HTTP adapter answers: fastify's own shape, with a documented `code`. */
export interface HttpErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const httpReason = (statusCode: number): string => REASONS[statusCode] ?? 'Error';

export function errorBody(statusCode: number, code: string, message: string): HttpErrorBody {
  return { statusCode, code, error: httpReason(statusCode), message };
}

export function sendError(reply: FastifyReply, statusCode: number, code: string, message: string) {
  return reply.code(statusCode).send(errorBody(statusCode, code, message));
}

/** An error a route throws to answer with `statusCode` and `code` (the error handler turns it into the body). */
export class HttpIngressError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
