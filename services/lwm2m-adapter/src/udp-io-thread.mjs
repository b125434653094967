// Entry of the adapter's UDP thread (threaded-udp.ts): TypeScript loader first, then the thread itself.
import { register } from 'tsx/esm/api';

register();
await import('./udp-io-thread.ts');
