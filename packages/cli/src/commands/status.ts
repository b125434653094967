import type { UpdateState } from '@rosetta/lifecycle';
import type { CampaignSummary, DeviceLine, DriftSeries, UnmappedCode } from '@rosetta/lifecycle-service';
import { type Command, InvalidArgumentError } from 'commander';
import { CLI_ERRORS, CliError } from '../errors.ts';
import { campaignText, devicesText, deviceText, driftText } from '../status-text.ts';

interface ApiOptions {
  url: string;
  token?: string;
  json?: boolean;
}

const STATUSES = ['pending', 'in_progress', 'succeeded', 'failed', 'timed_out', 'cancelled'];

function parseStatus(value: string): string {
  if (!STATUSES.includes(value)) throw new InvalidArgumentError(`one of ${STATUSES.join(', ')}`);
  return value;
}

/** GET from the lifecycle API; its documented errors (404, 401, …) come back as CliErrors with the API's message. */
async function get<T>(options: ApiOptions, path: string): Promise<T> {
  const url = new URL(path, options.url);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const why =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    throw new CliError(
      CLI_ERRORS.LIFECYCLE_UNREACHABLE,
      `the lifecycle service at ${options.url} does not answer (${why}); is \`rosetta start\` running?`,
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const { code, message } = (body ?? {}) as { code?: string; message?: string };
    throw new CliError(
      CLI_ERRORS.LIFECYCLE_REFUSED,
      `${response.status} ${code ?? ''} ${message ?? response.statusText}`.replace(/\s+/g, ' '),
    );
  }
  return body as T;
}

const segment = encodeURIComponent;

function report(run: () => Promise<void>): Promise<void> {
  return run().catch((error: unknown) => {
    if (!(error instanceof CliError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = error.code === CLI_ERRORS.LIFECYCLE_UNREACHABLE ? 2 : 1;
  });
}

/** `rosetta status device|campaign`: where updates stand, from the lifecycle service's HTTP API. */
export function registerStatus(program: Command): void {
  const status = program
    .command('status')
    .description("where device updates and campaigns stand (the lifecycle service's API)");
  const withApi = (command: Command) =>
    command
      .option('--url <url>', 'lifecycle API', process.env.LIFECYCLE_URL ?? 'http://127.0.0.1:8082')
      .option(
        '--token <token>',
        'bearer token (default: LIFECYCLE_API_TOKEN)',
        process.env.LIFECYCLE_API_TOKEN,
      )
      .option('--json', 'print the API answer as JSON');

  withApi(status.command('device'))
    .description("a device's updates: status, stage, last code, deadline, transitions")
    .argument('<tenant>')
    .argument('<device>')
    .action((tenant: string, device: string, options: ApiOptions) =>
      report(async () => {
        const found = await get<{ updates: UpdateState[] }>(
          options,
          `/v1/updates/${segment(tenant)}/${segment(device)}`,
        );
        console.log(
          options.json ? JSON.stringify(found, null, 2) : deviceText(tenant, device, found.updates),
        );
      }),
    );

  withApi(status.command('drift'))
    .description(
      'mapping drift: unmapped and broader shares per tenant and vocabulary, and the unmapped codes seen',
    )
    .option('--vocabulary <vocabulary>', 'only this vocabulary')
    .action((options: ApiOptions & { vocabulary?: string }) =>
      report(async () => {
        const query = options.vocabulary ? `?vocabulary=${segment(options.vocabulary)}` : '';
        const drift = await get<{ windowSeconds: number; series: DriftSeries[] }>(
          options,
          `/v1/drift${query}`,
        );
        const { codes } = await get<{ codes: UnmappedCode[] }>(options, `/v1/drift/unmapped${query}`);
        console.log(
          options.json
            ? JSON.stringify({ ...drift, unmapped: codes }, null, 2)
            : driftText(drift.windowSeconds, drift.series, codes),
        );
      }),
    );

  withApi(status.command('campaign'))
    .description('a campaign or job: devices by status and code, success ratio, stuck and failed devices')
    .argument('<tenant>')
    .argument('<id>', 'campaign or job id')
    .option('--status <status>', `list the devices of one status (${STATUSES.join(', ')})`, parseStatus)
    .action((tenant: string, id: string, options: ApiOptions & { status?: string }) =>
      report(async () => {
        const path = `/v1/campaigns/${segment(tenant)}/${segment(id)}`;
        if (options.status) {
          const listing = await get<{ tenant: string; id: string; total: number; devices: DeviceLine[] }>(
            options,
            `${path}/devices?status=${options.status}`,
          );
          console.log(options.json ? JSON.stringify(listing, null, 2) : devicesText(listing));
          return;
        }
        const summary = await get<CampaignSummary>(options, path);
        console.log(options.json ? JSON.stringify(summary, null, 2) : campaignText(summary));
      }),
    );
}
