import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import {
  EVENT_BUS,
  eventTooLarge,
  filmIdOf,
  FilmEventSchema,
  MAX_EVENT_BYTES,
  Topics,
  type EventBus,
  type FilmEvent,
} from '@marquee/domain';
import { ApiKeyGuard, JSON_TEXT, readerLanguages, ZodValidationPipe } from '@marquee/http';
import { EventListingService, RelatedEventsService } from '@marquee/recommending';
import {
  FilmIdParamSchema,
  ListEventsQuerySchema,
  RelatedQuerySchema,
  ShowEventQuerySchema,
  type ListEventsQuery,
  type RelatedQuery,
} from './events.schemas';
import { eventFilters, recommendationRequest } from './recommendation-query';
import { CachedRelatedAnswers } from './cached-related-answers';
import { ApiListQuery, ApiRecommendationQuery } from './recommendation-query.docs';

@ApiTags('events')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'Preferred languages for titles and synopses' })
@Controller('events')
export class EventsController {
  constructor(
    private readonly listing: EventListingService,
    private readonly relatedEvents: RelatedEventsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
    private readonly cachedAnswers: CachedRelatedAnswers,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the catalogue, paged; `q` matches titles in any language; the related-events filters apply when given' })
  @ApiListQuery()
  list(@Query(new ZodValidationPipe(ListEventsQuerySchema)) query: ListEventsQuery, @Headers('accept-language') acceptLanguage?: string) {
    const { q, page, pageSize, lang } = query;
    const languages = readerLanguages(lang, acceptLanguage);
    return this.listing.list({ q, page, pageSize, languages, now: new Date(), filters: eventFilters(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event with all its upcoming screenings' })
  show(
    @Param('id', new ZodValidationPipe(FilmIdParamSchema)) id: string,
    @Query(new ZodValidationPipe(ShowEventQuerySchema)) query: z.infer<typeof ShowEventQuerySchema>,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    return this.listing.show(id, readerLanguages(query.lang, acceptLanguage), new Date());
  }

  @Get(':id/related')
  @Header('Content-Type', JSON_TEXT)
  @ApiOperation({
    summary: 'Related events a visitor can still attend: filtered, reranked, diversified and explained (cached)',
    description: 'Lists accept `a,b` or repeated parameters. Contradictory or out-of-range filters are refused with 400 naming the field.',
  })
  @ApiRecommendationQuery()
  async related(
    @Param('id', new ZodValidationPipe(FilmIdParamSchema)) id: string,
    @Query(new ZodValidationPipe(RelatedQuerySchema)) query: RelatedQuery,
    @Req() request: FastifyRequest,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const related = { filmId: id, ...recommendationRequest(query, acceptLanguage, this.config.RELATED_MAX_LIMIT, new Date()) };
    const key = this.relatedEvents.answerKey(related);
    const body = await this.relatedEvents.relatedJson(related, key);
    // Valid and answered: the same request can be answered from the cache before validation next time.
    this.cachedAnswers.remember(request.raw, key);
    return body;
  }

  @Post()
  @HttpCode(202)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Publish a film event (for sites without a Kafka producer); indexed asynchronously' })
  @ApiBody({ schema: z.toJSONSchema(FilmEventSchema, { target: 'openapi-3.0', io: 'input' }) as object })
  async publish(@Body(new ZodValidationPipe(FilmEventSchema)) event: FilmEvent) {
    const key = filmIdOf(event);
    // What the indexer will measure: the event as published (defaults filled in), not the body as sent.
    const value = JSON.stringify(event);
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_EVENT_BYTES) throw new PayloadTooLargeException(eventTooLarge(bytes));
    await this.bus.publish(Topics.filmEvents, [{ key, value }]);
    return { accepted: true, eventId: event.eventId, filmId: key };
  }
}
