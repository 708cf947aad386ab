import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { MarqueeConfig } from '@marquee/config';
import { EVENT_BUS, filmIdOf, FilmEventSchema, Topics, type EventBus, type FilmEvent } from '@marquee/domain';
import { MARQUEE_CONFIG } from '@marquee/infrastructure';
import { CatalogueReplica } from '../catalogue/catalogue-replica.service';
import { ApiKeyGuard } from '../http/api-key.guard';
import { readerLanguages } from '../http/languages';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { FilmIdParamSchema, ListEventsQuerySchema, RelatedQuerySchema, ShowEventQuerySchema } from './events.schemas';

@ApiTags('events')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'Preferred languages for titles and synopses' })
@Controller('events')
export class EventsController {
  constructor(
    private readonly replica: CatalogueReplica,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the catalogue, paged; `q` matches titles in any language' })
  list(
    @Query(new ZodValidationPipe(ListEventsQuerySchema)) query: z.infer<typeof ListEventsQuerySchema>,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const languages = readerLanguages(query.lang, acceptLanguage);
    return this.replica.listing.list({ ...query, languages, now: new Date() });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event with all its upcoming screenings' })
  show(
    @Param('id', new ZodValidationPipe(FilmIdParamSchema)) id: string,
    @Query(new ZodValidationPipe(ShowEventQuerySchema)) query: z.infer<typeof ShowEventQuerySchema>,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    return this.replica.listing.show(id, readerLanguages(query.lang, acceptLanguage), new Date());
  }

  @Get(':id/related')
  @ApiOperation({ summary: 'Related events a visitor can still attend (cached)' })
  related(
    @Param('id', new ZodValidationPipe(FilmIdParamSchema)) id: string,
    @Query(new ZodValidationPipe(RelatedQuerySchema)) query: z.infer<typeof RelatedQuerySchema>,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    return this.replica.related.related({
      filmId: id,
      limit: Math.min(query.limit, this.config.RELATED_MAX_LIMIT),
      languages: readerLanguages(query.lang, acceptLanguage),
      now: new Date(),
    });
  }

  @Post()
  @HttpCode(202)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Publish a film event (for sites without a Kafka producer); indexed asynchronously' })
  @ApiBody({ schema: z.toJSONSchema(FilmEventSchema, { target: 'openapi-3.0', io: 'input' }) as object })
  async publish(@Body(new ZodValidationPipe(FilmEventSchema)) event: FilmEvent) {
    const key = filmIdOf(event);
    await this.bus.publish(Topics.filmEvents, [{ key, value: JSON.stringify(event) }]);
    return { accepted: true, eventId: event.eventId, filmId: key };
  }
}
