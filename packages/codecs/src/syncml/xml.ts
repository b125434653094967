import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Element } from './element.ts';
import { SYNCML_ERRORS, SyncMLError } from './errors.ts';
import { DEFAULT_SYNCML_LIMITS, type SyncMLLimits } from './limits.ts';
import { scanXml } from './xml-scan.ts';

// Real SyncML is sloppy (see shared/samples): a documentation copy HTML-escapes attribute quotes
// (xmlns=&#39;SYNCML:SYNCML1.2&#39;), and OMA's own example ends a comment with "--!>" (HTML's rule, not XML's).
// Both are mended before validation; anything else malformed is refused.
function mendKnownQuirks(xml: string): string {
  return xml.replace(/(\s[\w:]+\s*=\s*)&#39;([^<>&]*?)&#39;/g, "$1'$2'").replace(/--!>/g, '-->');
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Named HTML entities never get here (scanXml refuses them); this decodes numeric character references.
  htmlEntities: true,
});

type Ordered = Record<string, unknown>[];

function toElements(nodes: Ordered): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '#comment' || name.startsWith('?')) continue;
    const attributes = (node[':@'] ?? {}) as Record<string, string>;
    const content = (node[name] ?? []) as Ordered;
    const children = toElements(content);
    const text = content
      .map((c) => c['#text'])
      .filter((t) => t !== undefined)
      .join('');
    const element: Element = { name, ...(attributes.xmlns ? { xmlns: attributes.xmlns.trim() } : {}) };
    if (children.length > 0) element.children = children;
    else element.text = String(text);
    out.push(element);
  }
  return out;
}

/**
 * Parses SyncML XML into an element tree. A linear scan first refuses DTDs (XXE, billion laughs), undefined
 * entities and anything over the limits, so the parser only ever sees bounded, well-referenced input.
 */
export function parseXml(xml: string, limits: Readonly<SyncMLLimits> = DEFAULT_SYNCML_LIMITS): Element {
  const mended = mendKnownQuirks(xml);
  scanXml(mended, limits);
  const valid = XMLValidator.validate(mended);
  if (valid !== true) {
    throw new SyncMLError(
      SYNCML_ERRORS.MALFORMED,
      `malformed XML at line ${valid.err.line}: ${valid.err.msg}`,
    );
  }
  let parsed: Ordered;
  try {
    parsed = parser.parse(mended) as Ordered;
  } catch (error) {
    throw new SyncMLError(SYNCML_ERRORS.MALFORMED, `malformed XML: ${(error as Error).message}`);
  }
  const [root] = toElements(parsed);
  if (!root) throw new SyncMLError(SYNCML_ERRORS.MALFORMED, 'no root element');
  return root;
}
