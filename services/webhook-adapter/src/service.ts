import { loadServiceConfigOrExit, serviceDescriptor } from '@rosetta/service-config';
import { VENDORS } from './app.ts';
import { type WebhookConfig, webhookConfigSpec } from './config.ts';

export const webhookService = serviceDescriptor<WebhookConfig>({
  name: webhookConfigSpec.service,
  load(file) {
    // Typed by the spec alone (the contextual type would make TypeScript infer the schema back from it).
    const config = loadServiceConfigOrExit(webhookConfigSpec, { file });
    return config;
  },
  main: new URL('./main.ts', import.meta.url),
  health: (config) => config.http,
  banner: ({ http, explorer }) =>
    `webhook-adapter: http://${http.host}:${http.port}{${VENDORS.map((v) => v.path).join(',')}}, OpenAPI at /docs${explorer ? ', mapping explorer at /explorer' : ''}`,
});
