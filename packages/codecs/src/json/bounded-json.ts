import { JSON_ERRORS, JsonCodecError } from './errors.ts';

export interface JsonLimits {
  /** Nesting of arrays and objects; V8's JSON.parse recurses, so 100,000 levels would overflow the stack. */
  maxDepth: number;
  /** Characters of the JSON text. */
  maxLength: number;
}

export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = Object.freeze({
  maxDepth: 32,
  maxLength: 1024 * 1024,
});

/** One pass over the text outside strings: the nesting is known before JSON.parse recurses into it. */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > maxDepth)
        throw new JsonCodecError(JSON_ERRORS.LIMIT_EXCEEDED, `JSON nesting exceeds the limit of ${maxDepth}`);
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
}

// A "__proto__" key is an own property after JSON.parse, but spread or Object.assign would set a prototype.
const refuseProtoKeys = (key: string, value: unknown): unknown => {
  if (key === '__proto__') throw new JsonCodecError(JSON_ERRORS.MALFORMED, 'JSON key "__proto__" is refused');
  return value;
};

/** JSON.parse with its cost bounded first: length, then nesting; `__proto__` keys are refused. */
export function parseJson(text: string, limits: Readonly<JsonLimits> = DEFAULT_JSON_LIMITS): unknown {
  if (text.length > limits.maxLength)
    throw new JsonCodecError(
      JSON_ERRORS.LIMIT_EXCEEDED,
      `JSON text exceeds the limit of ${limits.maxLength}`,
    );
  checkDepth(text, limits.maxDepth);
  try {
    return JSON.parse(text, text.includes('"__proto__"') ? refuseProtoKeys : undefined);
  } catch (error) {
    if (error instanceof JsonCodecError) throw error;
    throw new JsonCodecError(JSON_ERRORS.MALFORMED, `not valid JSON: ${(error as Error).message}`);
  }
}
