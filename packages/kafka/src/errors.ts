/** Every error the Kafka package raises, with one prefix. */
export const KAFKA_ERRORS = {
  /** A KAFKA_* or ROSETTA_* variable that configures the connection or the topics is wrong. */
  CONFIG: 'ROSETTA_ERR_KAFKA_CONFIG',
  /** The broker did not answer in time. */
  UNREACHABLE: 'ROSETTA_ERR_KAFKA_UNREACHABLE',
} as const;

export type KafkaErrorCode = (typeof KAFKA_ERRORS)[keyof typeof KAFKA_ERRORS];

export class KafkaError extends Error {
  constructor(
    readonly code: KafkaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KafkaError';
  }
}
