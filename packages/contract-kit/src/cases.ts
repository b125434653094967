import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One contract case as files: <name>.input.{json,xml,hex}, <name>.answer.json, optional .outcome.json and .request.json. */
export interface ContractCase {
  vocabulary: string;
  name: string;
  input: string;
  inputKind: 'json' | 'xml' | 'hex';
  answer: {
    /** HTTP status (0 for LwM2M notifications, which get no HTTP answer). */
    status: number;
    /** LwM2M: the notification is acknowledged (done with: published or knowingly dropped). */
    acknowledged?: boolean;
    body?: Record<string, unknown>;
    /** For SyncML answers: the SyncHdr status and one status per command. */
    syncml?: { headerStatus: string; statuses: { cmdRef: string; cmd: string; data: string }[] };
  };
  outcomes: Record<string, unknown>[];
  request: {
    query?: Record<string, string>;
    auth?: 'bearer' | 'wrong' | 'none' | 'basic';
    repeat?: number;
    /** OMA-DM: the device the message comes from (default IMEI:493005100592800), and xml or wbxml on the wire. */
    device?: string;
    encoding?: 'xml' | 'wbxml';
    /**
     * LwM2M: the observed instance path and Content-Format of the notification (or, with `send`, of a LwM2M Send
     * whose values are that instance's), and the values the server held for the instance before it.
     */
    lwm2m?: {
      path: string;
      format: number;
      send?: boolean;
      previous?: { state?: number; result?: number; activation?: number };
    };
  };
}

/** The repository's own cases; a source team points the CLI at its own folder of the same shape. */
export const CONTRACT_DIR = new URL('../../../test/contract/', import.meta.url).pathname;

const readJson = <T>(path: string, fallback: T): T =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;

export function loadCases(vocabulary: string, dir = CONTRACT_DIR): ContractCase[] {
  const folder = join(dir, vocabulary);
  return readdirSync(folder)
    .filter((file) => /\.input\.(json|xml|hex)$/.test(file))
    .sort()
    .map((file) => {
      const [, name = '', kind = 'json'] = /^(.*)\.input\.(json|xml|hex)$/.exec(file) ?? [];
      const base = join(folder, name);
      return {
        vocabulary,
        name,
        input: readFileSync(join(folder, file), 'utf8'),
        inputKind: kind as ContractCase['inputKind'],
        answer: readJson(`${base}.answer.json`, { status: 0 }),
        outcomes: readJson(`${base}.outcome.json`, []),
        request: readJson(`${base}.request.json`, {}),
      };
    });
}
