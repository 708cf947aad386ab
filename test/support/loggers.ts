import type { LoggerPort } from '@marquee/domain';

/** Drops every line: for code under test whose logs the test does not look at. */
export const silentLogger: LoggerPort = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** A jest mock per level, for tests that look at what was logged. */
export const mockLogger = (): jest.Mocked<LoggerPort> => ({ log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() });
