import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyPair, openssl, selfSignedCa, signed } from './tls-certs.ts';

/** Credentials for coaps tests, made by openssl: the gateway's, an X.509 device's and a raw-public-key device's. */
export interface Lwm2mPki {
  /** The gateway's PKCS#8 key and certificate (DTLS_SERVER_CREDENTIALS). */
  serverCredentials: string;
  caCert: string;
  /** What Leshan's Security object takes: DER files. */
  serverCertDer: string;
  serverPublicKeyDer: string;
  x509Device: { certDer: string; keyDer: string };
  rpkDevice: { publicKeyDer: string; keyDer: string; publicKeyBase64: string };
}

function der(dir: string, name: string): { keyDer: string; publicKeyDer: string } {
  const keyDer = join(dir, `${name}.key.der`);
  const publicKeyDer = join(dir, `${name}.pub.der`);
  openssl(dir, ['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER', '-out', keyDer]);
  openssl(dir, ['pkey', '-in', `${name}.key`, '-pubout', '-outform', 'DER', '-out', publicKeyDer]);
  return { keyDer, publicKeyDer };
}

export function makeLwm2mPki(dir: string, x509Endpoint: string): Lwm2mPki {
  selfSignedCa(dir, 'ca');
  signed(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  signed(dir, x509Endpoint, 'extendedKeyUsage=clientAuth\n'); // CN = the endpoint
  keyPair(dir, 'rpk-device');
  const file = (name: string) => join(dir, name);
  const serverCredentials = file('server.credentials.pem');
  writeFileSync(
    serverCredentials,
    readFileSync(file('server.key'), 'utf8') + readFileSync(file('server.crt'), 'utf8'),
  );
  const certDer = (name: string) => {
    openssl(dir, ['x509', '-in', `${name}.crt`, '-outform', 'DER', '-out', `${name}.crt.der`]);
    return file(`${name}.crt.der`);
  };
  const server = der(dir, 'server');
  const device = der(dir, x509Endpoint);
  const rpk = der(dir, 'rpk-device');
  return {
    serverCredentials,
    caCert: file('ca.crt'),
    serverCertDer: certDer('server'),
    serverPublicKeyDer: server.publicKeyDer,
    x509Device: { certDer: certDer(x509Endpoint), keyDer: device.keyDer },
    rpkDevice: { ...rpk, publicKeyBase64: readFileSync(rpk.publicKeyDer).toString('base64') },
  };
}
