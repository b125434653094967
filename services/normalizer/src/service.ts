import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { type NormalizerServiceConfig, normalizerConfigSpec } from './config.ts';

const url = ({ host, port }: { host: string; port: number }) => `http://${host}:${port}`;

export const normalizerService = serviceDescriptor<NormalizerServiceConfig>({
  name: normalizerConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(normalizerConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.admin,
  banner: (config) =>
    `normalizer: rosetta.raw.* → rosetta.outcomes.v1 (DLQ rosetta.outcomes.dlq.v1); admin ${url(config.admin)}`,
});
