import type { Element } from './element.ts';
import { SYNCML_ERRORS, SyncMLError } from './errors.ts';
import { DEFAULT_SYNCML_LIMITS, DecodeBudget, type SyncMLLimits } from './limits.ts';
import { GLOBAL, METINF_NAMESPACE, PAGES, SYNCML_PUBLIC_ID, UTF8_MIB } from './wbxml-tokens.ts';

// WBXML 1.3 (WAP-192) decoding for SyncML DM: tag tokens from the SyncML and MetInf code pages, inline strings,
// string-table references and opaque data (as UTF-8 text). Attributes, entities, PIs and extensions are not used by
// SyncML and are refused rather than guessed.

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined)
      throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, `unexpected end of WBXML at byte ${this.offset}`);
    this.offset += 1;
    return value;
  }
  /** mb_u_int32: 7 bits per byte, high bit = continuation, at most 5 bytes. */
  mbUint(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      value = value * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) return value;
    }
    throw new SyncMLError(
      SYNCML_ERRORS.WBXML_MALFORMED,
      `mb_u_int32 longer than 5 bytes at byte ${this.offset}`,
    );
  }
  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) {
      throw new SyncMLError(
        SYNCML_ERRORS.WBXML_MALFORMED,
        `length ${length} at byte ${this.offset} runs past the end`,
      );
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
  cString(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0)
      throw new SyncMLError(
        SYNCML_ERRORS.WBXML_MALFORMED,
        `unterminated inline string at byte ${this.offset}`,
      );
    const text = Buffer.from(this.bytes.subarray(this.offset, end)).toString('utf8');
    this.offset = end + 1;
    return text;
  }
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
}

/** For each table offset, where its NUL-terminated string ends: every reference resolves in constant time. */
function stringEnds(table: Buffer): Int32Array {
  const ends = new Int32Array(table.length);
  let end = -1;
  for (let i = table.length - 1; i >= 0; i--) {
    if (table[i] === 0) end = i;
    ends[i] = end;
  }
  return ends;
}

export function decodeWbxml(
  bytes: Uint8Array,
  limits: Readonly<SyncMLLimits> = DEFAULT_SYNCML_LIMITS,
): Element {
  const budget = new DecodeBudget(limits);
  const r = new Reader(bytes);
  r.byte(); // version
  if (r.mbUint() === 0) r.mbUint(); // public id 0: index of its name in the string table
  const charset = r.mbUint();
  if (charset !== UTF8_MIB && charset !== 0)
    throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, `charset MIB ${charset} is not UTF-8`);
  const table = Buffer.from(r.take(r.mbUint()));
  const ends = stringEnds(table);
  let page = 0;

  // The length is charged to the budget before the string is built: a table string referenced 45,000 times
  // costs nothing past the limit.
  const stringAt = (index: number, nodeLength: number): string => {
    const end = index < table.length ? (ends[index] ?? -1) : -1;
    if (end < 0)
      throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, `string table reference ${index} is out of range`);
    budget.text(end - index, nodeLength + end - index);
    return table.subarray(index, end).toString('utf8');
  };
  const opaque = (length: number, nodeLength: number): string => {
    const data = r.take(length);
    budget.text(length, nodeLength + length);
    return Buffer.from(data).toString('utf8');
  };
  const inline = (nodeLength: number): string => {
    const piece = r.cString();
    budget.text(piece.length, nodeLength + piece.length);
    return piece;
  };

  const element = (token: number, depth: number): Element => {
    budget.element(depth);
    if (token & 0x80)
      throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, 'attributes are not used by SyncML');
    const name = PAGES[page]?.[token & 0x3f];
    if (!name)
      throw new SyncMLError(
        SYNCML_ERRORS.WBXML_MALFORMED,
        `unknown tag 0x${(token & 0x3f).toString(16)} on code page ${page}`,
      );
    const node: Element = { name, ...(page === 1 ? { xmlns: METINF_NAMESPACE } : {}) };
    if ((token & 0x40) === 0) return node;
    const children: Element[] = [];
    let text = '';
    for (;;) {
      const t = r.byte();
      if (t === GLOBAL.END) break;
      if (t === GLOBAL.SWITCH_PAGE) {
        page = r.byte();
        if (!PAGES[page]) throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, `unknown code page ${page}`);
      } else if (t === GLOBAL.STR_I) text += inline(text.length);
      else if (t === GLOBAL.STR_T) text += stringAt(r.mbUint(), text.length);
      else if (t === GLOBAL.OPAQUE) text += opaque(r.mbUint(), text.length);
      else if ((t & 0x3f) >= 0x05) children.push(element(t, depth + 1));
      else
        throw new SyncMLError(
          SYNCML_ERRORS.WBXML_MALFORMED,
          `unsupported WBXML token 0x${t.toString(16)} at byte ${r.offset - 1}`,
        );
    }
    if (children.length > 0) node.children = children;
    else node.text = text;
    return node;
  };

  let token = r.byte();
  while (token === GLOBAL.SWITCH_PAGE) {
    page = r.byte();
    token = r.byte();
  }
  const root = element(token, 1);
  if (!r.done)
    throw new SyncMLError(
      SYNCML_ERRORS.WBXML_MALFORMED,
      `${bytes.length - r.offset} byte(s) after the root element`,
    );
  return root;
}

const REVERSE = PAGES.map((p) => new Map(Object.entries(p).map(([code, name]) => [name, Number(code)])));

function mbUint(value: number): number[] {
  const out = [value & 0x7f];
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out;
}

/** Encodes an element tree as WBXML 1.2 with inline strings (no string table). */
export function encodeWbxml(root: Element): Buffer {
  const chunks: Buffer[] = [];
  let out: number[] = [0x02, ...mbUint(SYNCML_PUBLIC_ID), UTF8_MIB, 0x00];
  // Text goes in as its own chunk: spreading a long text into `out` would overflow the call stack.
  const text = (value: string) => {
    chunks.push(Buffer.from(out), Buffer.from(value, 'utf8'));
    out = [0x00];
  };
  let page = 0;
  const write = (node: Element): void => {
    // The two code pages share no tag name, so the name alone picks the page (XML input may omit xmlns).
    const wanted = REVERSE[0]?.has(node.name) ? 0 : 1;
    const code = REVERSE[wanted]?.get(node.name);
    if (code === undefined)
      throw new SyncMLError(SYNCML_ERRORS.WBXML_MALFORMED, `no WBXML token for ${node.name}`);
    if (wanted !== page) {
      out.push(GLOBAL.SWITCH_PAGE, wanted);
      page = wanted;
    }
    const hasContent = (node.children?.length ?? 0) > 0 || (node.text ?? '') !== '';
    out.push(hasContent ? code | 0x40 : code);
    if (!hasContent) return;
    if (node.text) {
      out.push(GLOBAL.STR_I);
      text(node.text);
    }
    for (const child of node.children ?? []) write(child);
    out.push(GLOBAL.END);
  };
  write(root);
  chunks.push(Buffer.from(out));
  return Buffer.concat(chunks);
}
