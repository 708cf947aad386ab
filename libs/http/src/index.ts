export { ApiKeyGuard } from './api-key.guard';
export { createHttpApp, type EarlyAnswers, type HttpAppOptions, type ResponseConventions } from './create-http-app';
export { HttpEdgeModule } from './http-edge.module';
export { JSON_TEXT } from './json-text';
export { readerLanguages } from './languages';
export { exitOnStartupFailure, listen } from './listen';
export type { RequestLog } from './logging';
export { EarlyRateLimit, rateLimitOf } from './rate-limit';
export { ZodValidationPipe } from './zod-validation.pipe';
