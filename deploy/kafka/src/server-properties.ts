import type { BrokerLogging } from './versions.ts';

export interface BrokerPorts {
  broker: number;
  controller: number;
}

/** Clients must authenticate with SASL/PLAIN as one of these users (for tests of the clients' SASL settings). */
export interface BrokerSasl {
  users: Record<string, string>;
}

/**
 * TLS on the client listener from PEM files: the broker's key and certificate chain, and the CA its peers' (and, with
 * `clientAuth`, every client's) certificates must chain to. The broker also connects to itself through this listener
 * (transaction markers), so its certificate must name 127.0.0.1 and be usable as a client certificate too.
 */
export interface BrokerTls {
  keystorePemFile: string;
  truststorePemFile: string;
  clientAuth: boolean;
}

/** What a client must bring to the client listener: SASL, TLS, both or neither. */
export interface BrokerSecurity {
  sasl?: BrokerSasl;
  tls?: BrokerTls;
}

function listenerProtocol(security: BrokerSecurity): string {
  return `${security.sasl ? 'SASL_' : ''}${security.tls ? 'SSL' : 'PLAINTEXT'}`;
}

function saslSettings(protocol: string, sasl: BrokerSasl): Record<string, string> {
  // The broker talks to itself on the client listener too, as `broker`.
  const users = { broker: 'broker-secret', ...sasl.users };
  const jaas = [
    'org.apache.kafka.common.security.plain.PlainLoginModule required',
    'username="broker" password="broker-secret"',
    ...Object.entries(users).map(([user, password]) => `user_${user}="${password}"`),
  ].join(' ');
  return {
    'sasl.enabled.mechanisms': 'PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    [`listener.name.${protocol.toLowerCase()}.plain.sasl.jaas.config`]: `${jaas};`,
  };
}

function tlsSettings(protocol: string, tls: BrokerTls): Record<string, string> {
  return {
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': tls.keystorePemFile,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': tls.truststorePemFile,
    // On a SASL_SSL listener Kafka ignores the unprefixed ssl.client.auth (KIP-684): set it for the listener.
    [`listener.name.${protocol.toLowerCase()}.ssl.client.auth`]: tls.clientAuth ? 'required' : 'none',
  };
}

/**
 * A single-node KRaft broker (broker + controller in one JVM). Internal topics get replication factor 1 and
 * min ISR 1 so that transactions and consumer groups work on one node; no initial rebalance delay so tests
 * and local runs do not wait 3 s per group.
 */
export function serverProperties(ports: BrokerPorts, dataDir: string, security: BrokerSecurity = {}): string {
  const protocol = listenerProtocol(security);
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    listeners: `${protocol}://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `${protocol}://127.0.0.1:${ports.broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': protocol,
    'listener.security.protocol.map': `${protocol}:${protocol},CONTROLLER:PLAINTEXT`,
    'log.dirs': dataDir,
    'num.partitions': 1,
    'auto.create.topics.enable': false,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'min.insync.replicas': 1,
    'default.replication.factor': 1,
    'group.initial.rebalance.delay.ms': 0,
    ...(security.sasl ? saslSettings(protocol, security.sasl) : {}),
    ...(security.tls ? tlsSettings(protocol, security.tls) : {}),
  };
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

const RELOAD4J_PROPERTIES = `log4j.rootLogger=WARN, file
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=\${rosetta.kafka.log}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
`;

const LOG4J2_PROPERTIES = `status=warn
appender.file.type=File
appender.file.name=file
appender.file.fileName=\${sys:rosetta.kafka.log}
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=warn
rootLogger.appenderRef.file.ref=file
logger.kafka.name=kafka
logger.kafka.level=info
logger.apache.name=org.apache.kafka
logger.apache.level=info
`;

export interface LoggingConfig {
  fileName: string;
  contents: string;
  /** The JVM system property that points the backend at the file. */
  property: string;
}

/** Kafka 4.x ships log4j2, 3.9 reload4j: each reads its own file format from its own system property. */
export const LOGGING_CONFIG: Record<BrokerLogging, LoggingConfig> = {
  log4j2: {
    fileName: 'log4j2.properties',
    contents: LOG4J2_PROPERTIES,
    property: 'log4j2.configurationFile',
  },
  reload4j: { fileName: 'log4j.properties', contents: RELOAD4J_PROPERTIES, property: 'log4j.configuration' },
};
