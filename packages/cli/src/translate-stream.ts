import type { Translator } from '@rosetta/mappings';
import { isVocabulary, type Vocabulary } from '@rosetta/outcome-schema';
import { CLI_ERRORS } from './errors.ts';
import { translationJson } from './translation-json.ts';

interface Request {
  source: Vocabulary;
  code: string;
  profile?: string;
}

function parseRequest(line: string): Request | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'expected an object {"source": ..., "code": ...}';
  const { source, code, profile } = value as Record<string, unknown>;
  if (typeof source !== 'string' || !isVocabulary(source))
    return `"source" must be a vocabulary id, got ${JSON.stringify(source)}`;
  if (typeof code !== 'string' && typeof code !== 'number') return '"code" must be a string or a number';
  if (profile !== undefined && typeof profile !== 'string') return '"profile" must be a string';
  return { source, code: String(code), ...(profile === undefined ? {} : { profile }) };
}

/** One NDJSON line in, one JSON line out, in order; a bad line becomes an error line in its place. */
export function translateLine(translator: Translator, line: string, lineNumber: number): string {
  const request = parseRequest(line);
  if (typeof request === 'string') {
    return JSON.stringify({ error: { code: CLI_ERRORS.BAD_LINE, line: lineNumber, message: request } });
  }
  try {
    return JSON.stringify(
      translationJson(translator.translate(request.source, request.code, request.profile)),
    );
  } catch (error) {
    return JSON.stringify({
      error: { code: CLI_ERRORS.BAD_LINE, line: lineNumber, message: String((error as Error).message) },
    });
  }
}

/** Streams NDJSON lines through the translator, writing in large chunks (and honouring back-pressure). */
export async function translateStream(
  translator: Translator,
  lines: AsyncIterable<string>,
  output: NodeJS.WritableStream,
): Promise<number> {
  let buffer = '';
  let count = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    count += 1;
    buffer += `${translateLine(translator, line, lineNumber)}\n`;
    if (buffer.length > 1 << 16) {
      const flushed = output.write(buffer);
      buffer = '';
      if (!flushed) await new Promise((resolve) => output.once('drain', resolve));
    }
  }
  if (buffer) output.write(buffer);
  return count;
}
