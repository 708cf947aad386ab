import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { apiKeyOf, MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Guards every write and admin route: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(MARQUEE_CONFIG) config: MarqueeConfig) {
    this.expected = digest(apiKeyOf(config));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const presented = (Array.isArray(header) ? header[0] : header) ?? bearer;
    if (!presented) throw new UnauthorizedException('API key required: send it in the X-API-Key header');
    if (!timingSafeEqual(digest(presented), this.expected)) throw new UnauthorizedException('Invalid API key');
    return true;
  }
}
