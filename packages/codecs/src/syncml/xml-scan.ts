import { SYNCML_ERRORS, SyncMLError } from './errors.ts';
import { DecodeBudget, type SyncMLLimits } from './limits.ts';

// One linear pass over the XML text before the parser sees it: the budgets (depth, elements, attributes, text),
// and what XML 1.0 requires that the parser lets through — defined entities only (§4.6: amp lt gt quot apos),
// character references to legal characters (§2.2, §4.1), and a single root element (§2.1). DTDs are refused (XXE).

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const LONGEST_REFERENCE = 10; // "&#x10FFFF;"

const malformed = (message: string) => new SyncMLError(SYNCML_ERRORS.MALFORMED, message);

/** XML 1.0 §2.2 Char. */
function legalChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Checks the reference starting at `at` (an '&') and returns the index after its ';'. */
function reference(xml: string, at: number): number {
  const end = xml.indexOf(';', at);
  if (end < 0 || end - at > LONGEST_REFERENCE) throw malformed(`'&' at ${at} does not start a reference`);
  const name = xml.slice(at + 1, end);
  if (name.startsWith('#')) {
    const hex = name.startsWith('#x');
    const digits = name.slice(hex ? 2 : 1);
    const valid = digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits);
    if (!valid || !legalChar(Number.parseInt(digits, hex ? 16 : 10)))
      throw malformed(`&${name}; is not a legal character reference`);
  } else if (!PREDEFINED.has(name)) throw malformed(`entity &${name}; is not defined`);
  return end + 1;
}

/** Text between markup: references checked, length charged to the budget; outside the root only whitespace. */
function text(xml: string, from: number, to: number, depth: number, budget: DecodeBudget): void {
  if (to <= from) return;
  if (depth === 0) {
    for (let i = from; i < to; i++) {
      const c = xml.charCodeAt(i);
      if (c !== 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd)
        throw malformed(`text outside the root element at ${i}`);
    }
    return;
  }
  budget.text(to - from, to - from);
  let amp = xml.indexOf('&', from);
  while (amp >= 0 && amp < to) amp = xml.indexOf('&', reference(xml, amp));
}

function skipTo(xml: string, from: number, terminator: string, what: string): number {
  const end = xml.indexOf(terminator, from);
  if (end < 0) throw malformed(`unterminated ${what} at ${from}`);
  return end + terminator.length;
}

/** A start tag from its '<': quotes honoured, attributes counted, references in values checked. */
function startTag(xml: string, at: number): { end: number; attributes: number; empty: boolean } {
  let attributes = 0;
  let quote = 0;
  for (let i = at + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 0x3c) throw malformed(`'<' in an attribute value at ${i}`);
      else if (c === 0x26) i = reference(xml, i) - 1;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3d) attributes += 1;
    else if (c === 0x3e) return { end: i + 1, attributes, empty: xml.charCodeAt(i - 1) === 0x2f };
    else if (c === 0x3c) throw malformed(`'<' inside a tag at ${i}`);
  }
  throw malformed(`unterminated tag at ${at}`);
}

export function scanXml(xml: string, limits: Readonly<SyncMLLimits>): void {
  const budget = new DecodeBudget(limits);
  let depth = 0;
  let rootSeen = false;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    text(xml, i, lt < 0 ? xml.length : lt, depth, budget);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) i = skipTo(xml, lt + 4, '-->', 'comment');
    else if (xml.startsWith('<![CDATA[', lt)) {
      if (depth === 0) throw malformed(`CDATA outside the root element at ${lt}`);
      i = skipTo(xml, lt + 9, ']]>', 'CDATA section');
      budget.text(i - lt - 12, i - lt - 12);
    } else if (xml.startsWith('<!', lt))
      throw new SyncMLError(
        SYNCML_ERRORS.DTD_FORBIDDEN,
        'XML with a DOCTYPE or ENTITY declaration is refused',
      );
    else if (xml.startsWith('<?', lt)) i = skipTo(xml, lt + 2, '?>', 'processing instruction');
    else if (xml.startsWith('</', lt)) {
      i = skipTo(xml, lt + 2, '>', 'end tag');
      depth -= 1;
      if (depth < 0) throw malformed(`end tag without a start tag at ${lt}`);
    } else {
      if (depth === 0 && rootSeen) throw malformed(`element after the root element at ${lt}`);
      const tag = startTag(xml, lt);
      rootSeen = true;
      budget.element(depth + 1, tag.attributes);
      if (!tag.empty) depth += 1;
      i = tag.end;
    }
  }
}
