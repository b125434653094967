#!/usr/bin/env -S npx tsx
import { buildProgram } from './program.ts';

await buildProgram().parseAsync(process.argv);
