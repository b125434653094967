import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_ERRORS, ContractError } from './errors.ts';

// A starting point per vocabulary: the source team replaces the input with a captured message and writes down
// what the spec says the outcome must be.
const TEMPLATES: Record<string, { ext: 'json' | 'xml'; input: string; answer: unknown; outcome: unknown[] }> =
  {
    'knox-efota': {
      ext: 'json',
      input: JSON.stringify(
        { eventId: 'replace-me', imei: '356938035643809', agentError: { code: -2402 } },
        null,
        2,
      ),
      answer: { status: 202, body: { accepted: 1 } },
      outcome: [
        { outcome: { code: 'PACKAGE_INTEGRITY_FAILED' }, source: { protocol: 'knox-efota', code: '-2402' } },
      ],
    },
    'pelion-update': {
      ext: 'json',
      input: JSON.stringify(
        { object: 'device-event', id: 'replace-me', device_id: 'replace-me', event_type: 'UPD4_FAIL_504' },
        null,
        2,
      ),
      answer: { status: 202, body: { accepted: 1 } },
      outcome: [
        {
          outcome: { code: 'PACKAGE_INTEGRITY_FAILED' },
          source: { protocol: 'pelion-update', code: 'UPD4_FAIL_504' },
        },
      ],
    },
    'eas-provision': {
      ext: 'json',
      input: JSON.stringify({ deviceId: 'replace-me', provisionStatus: 139 }, null, 2),
      answer: { status: 202, body: { accepted: 1 } },
      outcome: [
        {
          outcome: { code: 'POLICY_NOT_COMPLIANT' },
          source: { protocol: 'eas-provision', code: 'provision/139' },
        },
      ],
    },
    'omadm-fumo': {
      ext: 'xml',
      input: `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>server</LocURI></Target><Source><LocURI>IMEI:493005100592800</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-md5</Type><Format xmlns="syncml:metinf">b64</Format></Meta><Data>{{cred}}</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Source><LocURI>./FwUpdate/Pkg1/DownloadAndUpdate</LocURI></Source><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.downloadandupdate</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>402</Data></Item></Alert><Final/></SyncBody></SyncML>\n`,
      answer: {
        status: 200,
        syncml: { headerStatus: '212', statuses: [{ cmdRef: '2', cmd: 'Alert', data: '200' }] },
      },
      outcome: [
        { outcome: { code: 'PACKAGE_INTEGRITY_FAILED' }, source: { protocol: 'omadm-fumo', code: '402' } },
      ],
    },
    'omadm-scomo': {
      ext: 'xml',
      input: `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>server</LocURI></Target><Source><LocURI>IMEI:493005100592800</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-md5</Type><Format xmlns="syncml:metinf">b64</Format></Meta><Data>{{cred}}</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Source><LocURI>./SCOMO/Download/App1/Operations/DownloadInstall</LocURI></Source><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.softwaremgmt.downloadinstall</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>1405</Data></Item></Alert><Final/></SyncBody></SyncML>\n`,
      answer: {
        status: 200,
        syncml: { headerStatus: '212', statuses: [{ cmdRef: '2', cmd: 'Alert', data: '200' }] },
      },
      outcome: [{ outcome: { code: 'INSTALL_FAILED' }, source: { protocol: 'omadm-scomo', code: '1405' } }],
    },
  };

/** Writes <dir>/<vocabulary>/<name>.input.*, .answer.json and .outcome.json; refuses to overwrite a case. */
export function scaffoldCase(dir: string, vocabulary: string, name: string): string[] {
  const template = TEMPLATES[vocabulary];
  if (!template)
    throw new ContractError(
      CONTRACT_ERRORS.SCAFFOLD_REFUSED,
      `no template for ${vocabulary}; HTTP vocabularies: ${Object.keys(TEMPLATES).join(', ')}`,
    );
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new ContractError(
      CONTRACT_ERRORS.SCAFFOLD_REFUSED,
      'a case name is kebab-case and says what the case means, e.g. integrity-failure-batched',
    );
  const folder = join(dir, vocabulary);
  const files = [
    [
      join(folder, `${name}.input.${template.ext}`),
      template.input.endsWith('\n') ? template.input : `${template.input}\n`,
    ],
    [join(folder, `${name}.answer.json`), `${JSON.stringify(template.answer, null, 2)}\n`],
    [join(folder, `${name}.outcome.json`), `${JSON.stringify(template.outcome, null, 2)}\n`],
  ] as const;
  if (files.some(([path]) => existsSync(path)))
    throw new ContractError(CONTRACT_ERRORS.SCAFFOLD_REFUSED, `case ${vocabulary}/${name} already exists`);
  mkdirSync(folder, { recursive: true });
  for (const [path, content] of files) writeFileSync(path, content);
  return files.map(([path]) => path);
}
