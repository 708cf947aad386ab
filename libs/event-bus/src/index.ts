export { InProcessEventBus, type InProcessEventBusOptions } from './in-process-event-bus';
