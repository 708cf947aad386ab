export { KafkaEventBus, type KafkaEventBusOptions } from './kafka-event-bus';
export { KafkaLogCreator } from './kafka-log-creator';
export { decodeHeaders, toIncomingMessage, toKafkaMessage } from './kafka-message';
export { BatchHandlerError } from './kafka-subscription';
