export {
  NORMALIZER_GROUP,
  type Normalizer,
  type NormalizerCounters,
  type NormalizerOptions,
  startNormalizer,
} from './app.ts';
export { type NormalizerServiceConfig, normalizerConfigSpec } from './config.ts';
export { normalizerService } from './service.ts';
