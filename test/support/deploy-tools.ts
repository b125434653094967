import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where deploy/tools/install.sh put helm, kubernetes-validate, the Compose schema and the collector (.ci/run runs it). */
export function deployTools() {
  const dir = process.env.ROSETTA_TOOLS ?? join(homedir(), '.cache', 'rosetta-tools');
  const tools = {
    helm: join(dir, 'bin', 'helm'),
    kubernetesValidate: join(dir, 'venv', 'bin', 'kubernetes-validate'),
    composeSchema: join(dir, 'compose-spec.json'),
    otelcol: join(dir, 'bin', 'rosetta-otelcol'),
  };
  const missing = Object.values(tools).filter((path) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run deploy/tools/install.sh (CI does, in .ci/run)`);
  return tools;
}
