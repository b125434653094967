import { pino } from 'pino';

export type LogLine = Record<string, unknown> & { level?: string; msg?: string };
export type LogFn = (line: LogLine) => void;

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * JSON logs in pino's format (the HTTP adapters log through fastify's pino), so every service writes one shape:
 * numeric level, time, service, msg, then the line's fields (tenant, device, ids, vocabulary where it is a result).
 * LOG_LEVEL sets the threshold (default info).
 */
export function createLogFn(service: string, destination?: pino.DestinationStream): LogFn {
  const logger = pino({ base: { service }, level: process.env.LOG_LEVEL ?? 'info' }, destination);
  return ({ level = 'info', msg, ...fields }) => {
    const method = LEVELS.has(level) ? (level as pino.Level) : 'info';
    logger[method](fields, msg);
  };
}
