import { Catch, NotFoundException, ServiceUnavailableException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { EventBusUnavailableError, FilmNotFoundError } from '@marquee/domain';

/** Maps domain errors to HTTP answers, so services stay free of HTTP types. */
@Catch(FilmNotFoundError, EventBusUnavailableError)
export class DomainErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FilmNotFoundError | EventBusUnavailableError, host: ArgumentsHost): void {
    if (error instanceof FilmNotFoundError) return super.catch(new NotFoundException(error.message), host);
    // Nothing was stored: the client may send it again, later.
    host.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(error.retryAfterSeconds));
    super.catch(
      new ServiceUnavailableException(`not accepted: the event bus is unavailable, try again in ${error.retryAfterSeconds} s`),
      host,
    );
  }
}
