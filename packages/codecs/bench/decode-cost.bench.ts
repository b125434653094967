import { encode as encodeCbor } from 'cbor-x';
import { parseJson } from '../src/json/index.ts';
import { CONTENT_FORMAT, decodeContent, parseLinkFormat } from '../src/lwm2m/index.ts';
import { decodeWbxml, encodeWbxml, parseXml, readSyncML } from '../src/syncml/index.ts';

// Worst-case cost per input byte of every decoder, on inputs built to be expensive (each is refused by a budget or
// decodes at its limit). A decoder that is linear in its input shows a small, flat ns/byte; the budgets keep the
// refusals cheap however large the claimed expansion.
const mb = (value: number): number[] => {
  const out = [value & 0x7f];
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out;
};
function wbxmlBomb(tableBytes: number, references: number): Buffer {
  const table = Buffer.concat([Buffer.alloc(tableBytes, 0x41), Buffer.from([0])]);
  const refs = Buffer.alloc(references * 2);
  for (let i = 0; i < refs.length; i += 2) refs[i] = 0x83;
  return Buffer.concat([
    Buffer.from([0x02, 0xa4, 0x01, 0x6a, ...mb(table.length)]),
    table,
    Buffer.from([0x6d, 0x4f]),
    refs,
    Buffer.from([0x01, 0x01]),
  ]);
}
const lax = { maxDepth: 4096, maxElements: 1e7, maxAttributes: 8, maxTextLength: 1e8, maxDecodedLength: 1e8 };
const normal = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>402</Data></Item></Alert><Final/></SyncBody></SyncML>`;
const manyElements = (n: number) => `<SyncML><SyncBody>${'<Final/>'.repeat(n)}</SyncBody></SyncML>`;
const deep = (n: number) => `<SyncML>${'<Item>'.repeat(n)}${'</Item>'.repeat(n)}</SyncML>`;
const entities = (n: number) => `<SyncML><Data>${'&amp;&#x41;'.repeat(n)}</Data></SyncML>`;
const senml = (n: number) =>
  Buffer.from(
    JSON.stringify(Array.from({ length: n }, (_, i) => ({ bn: '/5/0/', n: String(i % 13), v: i }))),
  );
const tlv = (n: number) => Buffer.concat(Array.from({ length: n }, () => Buffer.from([0xc1, 3, 1])));

interface Case {
  decoder: string;
  input: string;
  bytes: Uint8Array | string;
  run: () => unknown;
}
const cases: Case[] = [];
const add = (decoder: string, input: string, bytes: Uint8Array | string, run: () => unknown) =>
  cases.push({ decoder, input, bytes, run });

const bomb = wbxmlBomb(128 * 1024, 45_000);
add('WBXML', 'string-table bomb 128 KiB × 45,000 refs', bomb, () => decodeWbxml(bomb));
const wbxmlNormal = encodeWbxml(parseXml(normal));
add('WBXML', 'a Generic Alert', wbxmlNormal, () => readSyncML(decodeWbxml(wbxmlNormal)));
const wbxmlWide = encodeWbxml(parseXml(manyElements(4_900), lax));
add('WBXML', '4,900 elements (under the limit)', wbxmlWide, () => decodeWbxml(wbxmlWide));
type Node = { name: string; children?: Node[] };
let nested: Node = { name: 'Final' };
for (let i = 0; i < 2000; i++) nested = { name: 'Item', children: [nested] };
const wbxmlDeep = encodeWbxml({ name: 'SyncML', children: [nested] });
add('WBXML', 'nesting 2,000 (refused)', wbxmlDeep, () => decodeWbxml(wbxmlDeep));
add('XML', 'a Generic Alert', normal, () => readSyncML(parseXml(normal)));
const xmlWide = manyElements(4_900);
add('XML', '4,900 elements (under the limit)', xmlWide, () => parseXml(xmlWide));
const xmlWider = manyElements(200_000);
add('XML', '200,000 elements (refused)', xmlWider, () => parseXml(xmlWider));
const xmlDeep = deep(100_000);
add('XML', 'nesting 100,000 (refused)', xmlDeep, () => parseXml(xmlDeep));
const xmlEntities = entities(20_000);
add('XML', '40,000 references in one text (under the limit)', xmlEntities, () => parseXml(xmlEntities));
const jsonDeep = '['.repeat(1_000_000);
add('JSON', 'nesting 1,000,000 (refused)', jsonDeep, () => parseJson(jsonDeep));
const jsonWide = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ a: i, b: 'x' })));
add('JSON', '100,000 small objects', jsonWide, () => parseJson(jsonWide, { maxDepth: 4, maxLength: 1e8 }));
const senml256 = senml(256);
add('SenML JSON', '256 records (the limit)', senml256, () =>
  decodeContent(CONTENT_FORMAT.SENML_JSON, senml256, '/5/0'),
);
const senmlMany = senml(5000);
add('SenML JSON', '5,000 records (refused)', senmlMany, () =>
  decodeContent(CONTENT_FORMAT.SENML_JSON, senmlMany, '/5/0'),
);
const cbor = encodeCbor(
  Array.from(
    { length: 256 },
    (_, i) =>
      new Map<number, unknown>([
        [-2, '/5/0/'],
        [0, String(i % 13)],
        [2, i],
      ]),
  ),
);
add('SenML CBOR', '256 records', cbor, () => decodeContent(CONTENT_FORMAT.SENML_CBOR, cbor, '/5/0'));
const cborDeep = new Uint8Array(60_000).fill(0x81);
add('CBOR', 'nesting 60,000 (refused)', cborDeep, () => decodeContent(CONTENT_FORMAT.CBOR, cborDeep, '/5/0'));
const tlvMany = tlv(1000);
const tlvOver = tlv(20_000);
add('TLV', '1,000 resources (under the limit)', tlvMany, () =>
  decodeContent(CONTENT_FORMAT.TLV, tlvMany, '/5/0'),
);
add('TLV', '20,000 resources in 60 KB (refused)', tlvOver, () =>
  decodeContent(CONTENT_FORMAT.TLV, tlvOver, '/5/0'),
);
const links = `</1/0>${';a'.repeat(30_000)}`;
add('link-format', '30,000 attributes on one link (refused)', links, () => parseLinkFormat(links));
const manyLinks = Array.from({ length: 500 }, (_, i) => `</${i}/0>;ver=1.1`).join(',');
add('link-format', '500 links', manyLinks, () => parseLinkFormat(manyLinks));

function timeOf(run: () => unknown): number {
  const rounds: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    try {
      run();
    } catch {
      // refusals are the point for most of these inputs
    }
    rounds.push(Number(process.hrtime.bigint() - t0));
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? 0;
}

console.log('decoder cost per input byte (median of 15, one process)');
console.log(
  `${'decoder'.padEnd(12)}${'input'.padEnd(48)}${'bytes'.padStart(10)}${'ms'.padStart(10)}${'ns/byte'.padStart(10)}`,
);
for (const c of cases) {
  const ns = timeOf(c.run);
  const bytes = typeof c.bytes === 'string' ? Buffer.byteLength(c.bytes) : c.bytes.length;
  console.log(
    `${c.decoder.padEnd(12)}${c.input.padEnd(48)}${String(bytes).padStart(10)}${(ns / 1e6).toFixed(2).padStart(10)}${(ns / bytes).toFixed(1).padStart(10)}`,
  );
}
