import { Catch, HttpException, HttpStatus, PayloadTooLargeException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { eventTooLarge } from '@marquee/domain';

/**
 * Fastify's body limit, met by a body sent without a length (a declared one is refused before it
 * is read): 413 with the reason the consumers give. Nest turns Fastify's error into a bare
 * HttpException before any filter sees it, and only filters given to `useGlobalFilters` see it at all.
 */
@Catch(HttpException)
export class BodyTooLargeFilter extends BaseExceptionFilter {
  override catch(error: HttpException, host: ArgumentsHost): void {
    const fromFastify = error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE && !(error instanceof PayloadTooLargeException);
    super.catch(fromFastify ? new PayloadTooLargeException(eventTooLarge()) : error, host);
  }
}
