export { InProcessEventBus, type BusLogger, type InProcessEventBusOptions } from './in-process-event-bus';
