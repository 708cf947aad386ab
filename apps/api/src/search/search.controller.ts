import { Controller, Get, Header, Headers, Inject, Logger, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { EVENT_BUS, MAX_SEARCH_TEXT_LENGTH, Topics, userInteractionKey, type EventBus, type UserInteractionEvent } from '@marquee/domain';
import { JSON_TEXT, ZodValidationPipe } from '@marquee/http';
import { EventSearchService } from '@marquee/recommending';
import { SearchQuerySchema, type SearchQuery } from '../events/events.schemas';
import { recommendationRequest } from '../events/recommendation-query';
import { ApiRecommendationQuery } from '../events/recommendation-query.docs';

@ApiTags('search')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'Preferred languages for titles, synopses and explanations' })
@Controller('search')
export class SearchController {
  private readonly logger = new Logger(SearchController.name);

  constructor(
    private readonly eventSearch: EventSearchService,
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /**
   * Every search becomes a `search` interaction, for audience interest (its text is kept there
   * only in aggregate). Published without holding up the answer; a failed publish is logged, not
   * the visitor's problem.
   */
  private recordSearch(query: SearchQuery, answerJson: string, receivedAt: Date): void {
    const answer = JSON.parse(answerJson) as { recommendationId?: string; results?: { id: string }[] };
    const city = query.city?.length === 1 ? query.city[0] : undefined;
    const event: UserInteractionEvent = {
      type: 'search',
      query: query.q.slice(0, MAX_SEARCH_TEXT_LENGTH),
      filmIds: (answer.results ?? []).slice(0, 10).map((r) => r.id),
      recommendationId: answer.recommendationId,
      context: { source: 'search', ...(city ? { city } : {}) },
      interactionId: randomUUID(),
      occurredAt: receivedAt.toISOString(),
      receivedAt: receivedAt.toISOString(),
    };
    this.bus
      .publish(Topics.userInteractions, [{ key: userInteractionKey(event), value: JSON.stringify(event) }])
      .catch((error: Error) => this.logger.warn(`search interaction not published: ${error.message}`));
  }

  @Get()
  @Header('Content-Type', JSON_TEXT)
  @ApiQuery({ name: 'q', required: true, description: 'What the visitor is looking for, in any language (at most 500 characters)' })
  @ApiRecommendationQuery()
  @ApiOperation({
    summary: 'Free-text search in any language over events a visitor can attend ("films over migratie in Marokko")',
    description: 'Takes `q` (required, at most 500 characters) and the same filters, `limit`, `diversity` and `lang` as related events.',
  })
  async search(@Query(new ZodValidationPipe(SearchQuerySchema)) query: SearchQuery, @Headers('accept-language') acceptLanguage?: string) {
    const { q, ...options } = query;
    const now = new Date();
    const json = await this.eventSearch.searchJson({
      text: q,
      ...recommendationRequest(options, acceptLanguage, this.config.RELATED_MAX_LIMIT, now),
    });
    this.recordSearch(query, json, now);
    return json;
  }
}
