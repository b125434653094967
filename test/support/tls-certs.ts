import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made by openssl. */
export interface TestPki {
  caCert: string;
  /** The server's PKCS#8 key followed by its certificate (Kafka's PEM keystore format). */
  serverKeystore: string;
  clientCert: string;
  clientKey: string;
  /** A second CA that signed nothing here: trusting only it must fail the handshake. */
  strangerCaCert: string;
}

export function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function keyPair(dir: string, name: string): void {
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
}

export function selfSignedCa(dir: string, name: string): void {
  keyPair(dir, name);
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    `${name}.key`,
    '-subj',
    `/CN=${name}`,
    '-days',
    '2',
    '-out',
    `${name}.crt`,
  ]);
}

export function signed(dir: string, name: string, extensions: string): void {
  keyPair(dir, name);
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

export function makeTestPki(dir: string): TestPki {
  selfSignedCa(dir, 'ca');
  selfSignedCa(dir, 'stranger');
  // No extendedKeyUsage: the broker presents this certificate as a server and, to itself, as a client.
  signed(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  signed(dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const file = (name: string) => join(dir, name);
  const serverKeystore = file('server.keystore.pem');
  writeFileSync(
    serverKeystore,
    readFileSync(file('server.key'), 'utf8') + readFileSync(file('server.crt'), 'utf8'),
  );
  return {
    caCert: file('ca.crt'),
    serverKeystore,
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
    strangerCaCert: file('stranger.crt'),
  };
}
