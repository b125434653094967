import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lwm2mServiceConfig } from './config.ts';

const GATEWAY_DIR = fileURLToPath(new URL('../../dtls-gateway/', import.meta.url));
const JAR = `${GATEWAY_DIR}target/dtls-gateway-1.0.0.jar`;

/** How to run the DTLS gateway (services/dtls-gateway) for this adapter configuration: one process, its env. */
export interface GatewayCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Builds the gateway with Maven when its jar is missing (first start only; Maven Central, cached in ~/.m2). */
export function ensureDtlsGateway(log: (line: string) => void = console.log): void {
  if (existsSync(JAR)) return;
  log('building the DTLS gateway (services/dtls-gateway) with Maven, first start only...');
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: GATEWAY_DIR, stdio: 'inherit' });
}

export function dtlsGatewayCommand(dtls: Lwm2mServiceConfig['dtls']): GatewayCommand {
  if (!dtls.securityFile) throw new Error('dtls.securityFile is required when dtls.enabled is true');
  return {
    command: 'java',
    args: ['-XX:+UseSerialGC', '-cp', `${JAR}:${GATEWAY_DIR}target/lib/*`, 'dev.rosetta.dtls.Main'],
    env: {
      DTLS_HOST: dtls.listen.host,
      DTLS_PORT: String(dtls.listen.port),
      DTLS_SESSION_SOCKET: dtls.sessionSocket,
      DTLS_SECURITY_FILE: dtls.securityFile,
      ...(dtls.serverCredentials ? { DTLS_SERVER_CREDENTIALS: dtls.serverCredentials } : {}),
      DTLS_ADMIN_HOST: dtls.admin.host,
      DTLS_ADMIN_PORT: String(dtls.admin.port),
      DTLS_MAX_SESSIONS: String(dtls.maxSessions),
      DTLS_IDLE_SECONDS: String(dtls.idleSeconds),
    },
  };
}
