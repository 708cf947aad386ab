import { HttpException, HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** No legitimate query of this API comes near it; a longer one is abuse or a bug. */
export const MAX_QUERY_STRING_BYTES = 8 * 1024;

/** Refuses over-long query strings with 414 before any validation reads them. */
@Injectable()
export class QueryStringLimitMiddleware implements NestMiddleware {
  use(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
    const url = request.url ?? '';
    const start = url.indexOf('?');
    const length = start === -1 ? 0 : Buffer.byteLength(url) - Buffer.byteLength(url.slice(0, start + 1));
    if (length > MAX_QUERY_STRING_BYTES) {
      throw new HttpException(`query string is ${length} bytes, the limit is ${MAX_QUERY_STRING_BYTES}`, HttpStatus.URI_TOO_LONG);
    }
    next();
  }
}
