import {
  CONTRACT_DIR,
  HTTP_VOCABULARIES,
  loadCases,
  OutcomeCollector,
  runCase,
  scaffoldCase,
} from '@rosetta/contract-kit';
import { createKafka, OUTCOMES_TOPIC } from '@rosetta/kafka';
import type { Command } from 'commander';

interface RunFlags {
  webhook: string;
  omadm: string;
  token: string;
  tenant: string;
  password: string;
  nonce: string;
  dir: string;
  json?: boolean;
}

export function registerContract(program: Command): void {
  const contract = program
    .command('contract')
    .description('contract tests: replay fixture cases against a running gateway');
  contract
    .command('run')
    .description(
      'send every case of a vocabulary to a running gateway and check the answers and the canonical outcomes on Kafka (KAFKA_BROKERS)',
    )
    .argument('<vocabulary>', `one of ${HTTP_VOCABULARIES.join(', ')}`)
    .option('--webhook <url>', 'webhook adapter base URL', 'http://127.0.0.1:8081')
    .option('--omadm <url>', 'OMA-DM adapter base URL', 'http://127.0.0.1:8080')
    .option('--tenant <tenant>', 'tenant the gateway is configured with', 'local')
    .option('--token <token>', 'bearer token of the tenant (webhooks)', 'local-dev-token')
    .option('--password <password>', 'OMA-DM device password (username = device id)', 'local-dev-password')
    .option('--nonce <base64>', 'initial auth-md5 nonce of the devices', 'aW5pdGlhbC1ub25jZQ==')
    .option('--dir <folder>', 'folder of cases (<vocabulary>/<case>.*)', CONTRACT_DIR)
    .option('--json', 'print results as JSON')
    .action(async (vocabulary: string, flags: RunFlags) => {
      if (!(HTTP_VOCABULARIES as readonly string[]).includes(vocabulary))
        program.error(`contract run supports ${HTTP_VOCABULARIES.join(', ')}`);
      const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
      const collector = await OutcomeCollector.start(
        createKafka({ brokers, clientId: 'rosetta-contract' }),
        OUTCOMES_TOPIC,
        (key) => key.startsWith(`${flags.tenant}/`),
      );
      const gateway = {
        webhook: flags.webhook,
        omadm: flags.omadm,
        token: flags.token,
        tenant: flags.tenant,
        password: () => flags.password,
        nonces: new Map<string, string>(),
      };
      const cases = loadCases(vocabulary, flags.dir);
      for (const c of cases) gateway.nonces.set(c.request.device ?? 'IMEI:493005100592800', flags.nonce);
      const results = [];
      for (const c of cases) results.push(await runCase(c, gateway, collector, flags.tenant));
      await collector.stop();
      const failed = results.filter((r) => r.problems.length > 0);
      if (flags.json)
        console.log(
          JSON.stringify(
            results.map(({ name, problems }) => ({ name, ok: problems.length === 0, problems })),
            null,
            2,
          ),
        );
      else {
        for (const r of results)
          console.log(
            `${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${vocabulary}/${r.name}${r.problems.map((p) => `\n       ${p}`).join('')}`,
          );
        console.log(`${results.length - failed.length}/${results.length} cases pass`);
      }
      if (failed.length > 0) process.exitCode = 1;
    });
  contract
    .command('new')
    .description('scaffold a new case: <dir>/<vocabulary>/<name>.input.*, .answer.json, .outcome.json')
    .argument('<vocabulary>')
    .argument('<name>', 'kebab-case, says what the case means')
    .option('--dir <folder>', 'folder of cases', CONTRACT_DIR)
    .action((vocabulary: string, name: string, flags: { dir: string }) => {
      try {
        for (const path of scaffoldCase(flags.dir, vocabulary, name)) console.log(`created ${path}`);
      } catch (error) {
        program.error((error as Error).message);
      }
    });
}
