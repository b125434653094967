import type { BrokerLogging } from './versions.ts';

export interface BrokerPorts {
  broker: number;
  controller: number;
}

/**
 * A single-node KRaft broker (broker + controller in one JVM). Internal topics get replication factor 1 and
 * min ISR 1 so that transactions and consumer groups work on one node; no initial rebalance delay so tests
 * and local runs do not wait 3 s per group.
 */
/** Clients must authenticate with SASL/PLAIN as one of these users (for tests of the clients' SASL settings). */
export interface BrokerSasl {
  users: Record<string, string>;
}

function saslListener(sasl: BrokerSasl): Record<string, string> {
  // The broker talks to itself on the client listener too (transaction markers), as `broker`.
  const users = { broker: 'broker-secret', ...sasl.users };
  const jaas = [
    'org.apache.kafka.common.security.plain.PlainLoginModule required',
    'username="broker" password="broker-secret"',
    ...Object.entries(users).map(([user, password]) => `user_${user}="${password}"`),
  ].join(' ');
  return {
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `${jaas};`,
  };
}

export function serverProperties(ports: BrokerPorts, dataDir: string, sasl?: BrokerSasl): string {
  const protocol = sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    listeners: `${protocol}://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `${protocol}://127.0.0.1:${ports.broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
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
    ...(sasl ? saslListener(sasl) : {}),
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
