import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { FilmNotFoundError } from '@marquee/domain';

/** Maps domain errors to HTTP answers, so services stay free of HTTP types. */
@Catch(FilmNotFoundError)
export class DomainErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FilmNotFoundError, host: ArgumentsHost): void {
    super.catch(new NotFoundException(error.message), host);
  }
}
