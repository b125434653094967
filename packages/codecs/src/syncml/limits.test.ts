import { describe, expect, it } from 'vitest';
import { decodeWbxml, encodeWbxml, parseXml, SYNCML_ERRORS, SyncMLError } from './index.ts';
import { GLOBAL, SYNCML_PUBLIC_ID, UTF8_MIB } from './wbxml-tokens.ts';

const mb = (value: number): number[] => {
  const out = [value & 0x7f];
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out;
};
const SYNCML_TAG = 0x2d; // SyncML, page 0
const DATA_TAG = 0x0f;

/** The attack seen in the field: a 128 KiB string table referenced tens of thousands of times via STR_T. */
function stringTableBomb(references: number): Buffer {
  const table = Buffer.alloc(128 * 1024 + 1, 0x41);
  table[table.length - 1] = 0;
  const body: number[] = [SYNCML_TAG | 0x40, DATA_TAG | 0x40];
  for (let i = 0; i < references; i++) body.push(GLOBAL.STR_T, 0);
  body.push(GLOBAL.END, GLOBAL.END);
  return Buffer.concat([
    Buffer.from([0x02, ...mb(SYNCML_PUBLIC_ID), UTF8_MIB, ...mb(table.length)]),
    table,
    Buffer.from(body),
  ]);
}

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SyncMLError);
    return (error as SyncMLError).code;
  }
};

describe('SyncML decoding budgets', () => {
  it('refuses the WBXML string-table bomb after the decoded-text budget, without building its strings', () => {
    const bomb = stringTableBomb(45_000);
    const before = process.memoryUsage().heapUsed;
    expect(codeOf(() => decodeWbxml(bomb))).toBe(SYNCML_ERRORS.LIMIT_EXCEEDED);
    // 45,000 × 128 KiB would be 5.5 GiB; the budget stops it after 1 MiB of text.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('resolves many references to distinct table offsets in constant time each (no rescans)', () => {
    const bytes = stringTableBomb(1);
    expect(decodeWbxml(bytes, { ...limits(), maxTextLength: 200_000 }).children?.[0]?.text).toHaveLength(
      128 * 1024,
    );
  });

  it('refuses WBXML nesting, element counts and bytes after the root', () => {
    const deep = encodeWbxml({ name: 'SyncML', children: [nest(40)] });
    expect(codeOf(() => decodeWbxml(deep))).toBe(SYNCML_ERRORS.LIMIT_EXCEEDED);
    const wide = encodeWbxml({
      name: 'SyncML',
      children: Array.from({ length: 50 }, () => ({ name: 'Final' })),
    });
    expect(codeOf(() => decodeWbxml(wide, { ...limits(), maxElements: 10 }))).toBe(
      SYNCML_ERRORS.LIMIT_EXCEEDED,
    );
    expect(codeOf(() => decodeWbxml(Buffer.concat([wide, Buffer.from([0x12])])))).toBe(
      SYNCML_ERRORS.WBXML_MALFORMED,
    );
  });

  it('refuses XML nesting of 1,000 elements, too many elements, attributes and long text', () => {
    const deep = `<SyncML>${'<Item>'.repeat(1000)}${'</Item>'.repeat(1000)}</SyncML>`;
    expect(codeOf(() => parseXml(deep))).toBe(SYNCML_ERRORS.LIMIT_EXCEEDED);
    expect(codeOf(() => parseXml(`<SyncML>${'<Final/>'.repeat(30_000)}</SyncML>`))).toBe(
      SYNCML_ERRORS.LIMIT_EXCEEDED,
    );
    const attrs = Array.from({ length: 20 }, (_, i) => `a${i}="x"`).join(' ');
    expect(codeOf(() => parseXml(`<SyncML ${attrs}/>`))).toBe(SYNCML_ERRORS.LIMIT_EXCEEDED);
    expect(codeOf(() => parseXml(`<SyncML><Data>${'x'.repeat(300_000)}</Data></SyncML>`))).toBe(
      SYNCML_ERRORS.LIMIT_EXCEEDED,
    );
  });

  it.each([
    ['an undefined entity', '<SyncML><Data>&nbsp;</Data></SyncML>'],
    ['a character reference beyond U+10FFFF', '<SyncML><Data>&#x110000;</Data></SyncML>'],
    ['a character reference to NUL', '<SyncML><Data>&#0;</Data></SyncML>'],
    ['an undefined entity in an attribute', '<SyncML xmlns="&bogus;"/>'],
    ['an element after the root', '<SyncML></SyncML><SyncML></SyncML>'],
    ['text after the root', '<SyncML></SyncML>junk'],
    ['a bare ampersand', '<SyncML><Data>a & b</Data></SyncML>'],
  ])('refuses %s as malformed', (_name, xml) => {
    expect(codeOf(() => parseXml(xml))).toBe(SYNCML_ERRORS.MALFORMED);
  });

  it('keeps the predefined entities and legal character references', () => {
    const root = parseXml('<SyncML><Data>&lt;a&gt; &amp; &#x1F600; &#233;</Data></SyncML>');
    expect(root.children?.[0]?.text).toBe('<a> & 😀 é');
  });

  it('refuses a DOCTYPE anywhere outside comments', () => {
    expect(codeOf(() => parseXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><SyncML/>'))).toBe(
      SYNCML_ERRORS.DTD_FORBIDDEN,
    );
  });
});

function limits() {
  return {
    maxDepth: 32,
    maxElements: 20_000,
    maxAttributes: 8,
    maxTextLength: 256 * 1024,
    maxDecodedLength: 1024 * 1024,
  };
}

function nest(depth: number): { name: string; children?: { name: string }[] } {
  let node: { name: string; children?: { name: string }[] } = { name: 'Final' };
  for (let i = 0; i < depth; i++) node = { name: 'Item', children: [node] };
  return node;
}
