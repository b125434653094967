// Child process for tracing-export.test.ts: starts tracing from the environment, emits one SERVER span named by
// argv, flushes, and prints whether tracing was enabled.
import { endSpan, SpanKind, startSpan, startTracing } from '@rosetta/tracing';

const tracing = startTracing('rosetta-test-emitter');
endSpan(startSpan(process.argv[2] ?? 'unnamed', SpanKind.SERVER, undefined, { 'test.attribute': 'yes' }));
await tracing.shutdown();
console.log(tracing.enabled ? 'enabled' : 'disabled');
