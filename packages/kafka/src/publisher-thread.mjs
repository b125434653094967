// Entry of the Kafka publisher thread (threaded-publisher.ts): TypeScript loader first, then the thread itself.
import { register } from 'tsx/esm/api';

register();
await import('./publisher-thread.ts');
