export { buildWebhookApp, VENDORS, type WebhookAppOptions } from './app.ts';
export { type WebhookConfig, webhookConfigSpec } from './config.ts';
export {
  type CredentialStore,
  credentialStore,
  fileCredentialStore,
  type TenantCredentials,
} from './credentials.ts';
export { webhookService } from './service.ts';
