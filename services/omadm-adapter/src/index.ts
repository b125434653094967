export { buildOmadmApp, type OmadmAppOptions } from './app.ts';
export { memoryNonceStore, type NonceStore } from './auth.ts';
export {
  type OmadmConfig,
  type OmadmServiceConfig,
  omadmConfigFrom,
  omadmConfigSpec,
  readOmadmTenants,
  type TenantConfig,
} from './config.ts';
export { CONTENT_TYPE } from './content-type.ts';
export { OMADM_ERRORS, OmadmError } from './errors.ts';
export { omadmService } from './service.ts';
