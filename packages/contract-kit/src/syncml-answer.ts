import { decodeWbxml, type Element, parseXml, toXml } from '@rosetta/codecs/syncml';

const child = (e: Element | undefined, name: string) => e?.children?.find((c) => c.name === name);

/** What a test needs from a DM server's SyncML answer: statuses and the NextNonce challenge. */
export function readAnswer(body: Buffer, wbxml: boolean) {
  const root = wbxml ? decodeWbxml(body) : parseXml(body.toString('utf8'));
  const statuses = (child(root, 'SyncBody')?.children ?? [])
    .filter((c) => c.name === 'Status')
    .map((s) => ({
      cmdRef: child(s, 'CmdRef')?.text ?? '',
      cmd: child(s, 'Cmd')?.text ?? '',
      data: child(s, 'Data')?.text ?? '',
    }));
  const [header, ...commands] = statuses;
  const nextNonce = /<NextNonce[^>]*>([^<]+)</.exec(toXml(root))?.[1];
  return {
    headerStatus: header?.cmd === 'SyncHdr' ? header.data : '',
    statuses: commands,
    nextNonce,
    final: /<Final\/>/.test(toXml(root)),
  };
}
