import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HOME = fileURLToPath(new URL('../peers/leshan-fw-client/', import.meta.url));

/** Builds the Leshan harness with Maven once (the jars come from Maven Central and are cached in ~/.m2). */
export function ensureLeshanClient(): void {
  if (
    existsSync(`${HOME}target/classes/dev/rosetta/peers/SoftwareObject.class`) &&
    existsSync(`${HOME}target/lib`)
  )
    return;
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: HOME, stdio: 'inherit' });
}

/** A running Eclipse Leshan LwM2M client with Objects 5 and 9 the test drives: commands on stdin (FirmwareClient.java). */
export class LeshanClient {
  /** Everything the client printed so far. */
  output = '';
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
  }

  /** NoSec by default; with `security` (`psk <identity> <key hex>`, `rpk …`, `x509 …`: FirmwareClient.java), coaps. */
  static start(
    serverPort: number,
    endpoint: string,
    security: string[] = [],
    options: { queueMode?: boolean } = {},
  ): LeshanClient {
    const scheme = security.length > 0 ? 'coaps' : 'coap';
    const child = spawn('java', [
      ...(options.queueMode ? ['-Drosetta.queue=true'] : []),
      '-cp',
      `${HOME}target/classes:${HOME}target/lib/*`,
      'dev.rosetta.peers.FirmwareClient',
      `${scheme}://127.0.0.1:${serverPort}`,
      endpoint,
      ...security,
    ]);
    return new LeshanClient(child);
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.output);
      if (match) return match[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`Leshan client never printed ${pattern}; output so far:\n${this.output}`);
  }

  async send(command: string): Promise<void> {
    const marker = `ok ${command}`;
    const before = this.output.split(marker).length;
    this.child.stdin.write(`${command}\n`);
    const deadline = Date.now() + 10_000;
    while (this.output.split(marker).length === before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.stdin.write('quit\n');
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve(undefined);
      }, 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
}
