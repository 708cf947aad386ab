import { Controller, Get, Header, Headers, Inject, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { JSON_TEXT, ZodValidationPipe } from '@marquee/http';
import { EventSearchService } from '@marquee/recommending';
import { SearchQuerySchema, type SearchQuery } from '../events/events.schemas';
import { recommendationRequest } from '../events/recommendation-query';
import { ApiRecommendationQuery } from '../events/recommendation-query.docs';

@ApiTags('search')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'Preferred languages for titles, synopses and explanations' })
@Controller('search')
export class SearchController {
  constructor(
    private readonly eventSearch: EventSearchService,
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
  ) {}

  @Get()
  @Header('Content-Type', JSON_TEXT)
  @ApiQuery({ name: 'q', required: true, description: 'What the visitor is looking for, in any language (at most 500 characters)' })
  @ApiRecommendationQuery()
  @ApiOperation({
    summary: 'Free-text search in any language over events a visitor can attend ("films over migratie in Marokko")',
    description: 'Takes `q` (required, at most 500 characters) and the same filters, `limit`, `diversity` and `lang` as related events.',
  })
  search(@Query(new ZodValidationPipe(SearchQuerySchema)) query: SearchQuery, @Headers('accept-language') acceptLanguage?: string) {
    const { q, ...options } = query;
    return this.eventSearch.searchJson({
      text: q,
      ...recommendationRequest(options, acceptLanguage, this.config.RELATED_MAX_LIMIT, new Date()),
    });
  }
}
