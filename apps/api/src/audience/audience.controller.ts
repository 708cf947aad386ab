import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  AudienceQueries,
  AudienceQuerySchema,
  BreakdownQuerySchema,
  toCsv,
  type AudienceQuery,
  type BreakdownQuery,
} from '@marquee/audience';
import { ThemeRecomputation } from '@marquee/audience-pipeline';
import { ApiKeyGuard, ZodValidationPipe } from '@marquee/http';
import { AUDIENCE_SYNTHETIC } from './audience.tokens';

const CSV = 'text/csv; charset=utf-8';
const queryPipe = new ZodValidationPipe(AudienceQuerySchema);
const breakdownPipe = new ZodValidationPipe(BreakdownQuerySchema);
const csvOf = (rows: readonly object[]): string => toCsv(rows as Record<string, unknown>[]);

/** The query parameters every analytics route takes (documented once). */
const AudienceQueryDocs = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiQuery({ name: 'from', required: false, description: 'First day (YYYY-MM-DD); default: eight weeks before `to`' })(
    target,
    key,
    descriptor,
  );
  ApiQuery({ name: 'to', required: false, description: 'Last day (YYYY-MM-DD); default: today' })(target, key, descriptor);
  ApiQuery({ name: 'city', required: false, description: 'Only interactions in this city (case- and accent-insensitive)' })(
    target,
    key,
    descriptor,
  );
  ApiQuery({ name: 'venue', required: false, description: 'Only interactions at this venue' })(target, key, descriptor);
  ApiQuery({ name: 'lang', required: false, enum: ['nl', 'en', 'fr'], description: 'Language of theme labels' })(target, key, descriptor);
};

/**
 * Audience interests for programmers and marketers: only aggregates, every answer and export
 * through the one suppression step (cells under AUDIENCE_MIN_USERS distinct users hidden, totals
 * over the cells shown). JSON at `/audience/<name>`, the same rows as CSV at `/audience/<name>.csv`.
 */
@ApiTags('audience')
@Controller('audience')
export class AudienceController {
  constructor(
    private readonly queries: AudienceQueries,
    @Inject(AUDIENCE_SYNTHETIC) private readonly synthetic: boolean,
    @Optional() private readonly recomputation?: ThemeRecomputation,
  ) {}

  private labelled<T extends object>(answer: T): T & { synthetic: boolean } {
    return { ...answer, synthetic: this.synthetic };
  }

  @Get('themes')
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Interest themes with their labels, genres and interest in the range' })
  async themes(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.themesOverview(query));
  }

  @Get('themes.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Themes as CSV' })
  async themesCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.themesOverview(query)).themes);
  }

  @Get('themes/:themeId')
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'One theme: words per language, genres, interest per week and its top films' })
  async theme(@Param('themeId') themeId: string, @Query(queryPipe) query: AudienceQuery) {
    const answer = await this.queries.themeDetail(themeId, query);
    if (!answer) throw new NotFoundException(`no theme ${themeId}`);
    return this.labelled(answer);
  }

  @Get('themes/:themeId/films.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: "A theme's top films as CSV" })
  async themeFilmsCsv(@Param('themeId') themeId: string, @Query(queryPipe) query: AudienceQuery) {
    const answer = await this.queries.themeDetail(themeId, query);
    if (!answer) throw new NotFoundException(`no theme ${themeId}`);
    return csvOf(answer.topFilms);
  }

  @Post('themes/recompute')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Recompute the themes from the catalogue now (ids of themes that stay are kept)' })
  async recompute() {
    if (!this.recomputation)
      throw new ServiceUnavailableException('themes are recomputed by the audience worker (apps/audience) in this deployment');
    const model = await this.recomputation.recompute();
    if (!model) throw new ServiceUnavailableException('the catalogue has too few films with vectors to cluster');
    return {
      version: model.version,
      computedAt: model.computedAt,
      themes: model.themes.length,
      kChoice: model.kChoice,
      silhouette: model.silhouette,
    };
  }

  @Get('breakdown')
  @AudienceQueryDocs()
  @ApiQuery({ name: 'by', required: false, enum: ['city', 'venue', 'week'] })
  @ApiOperation({ summary: 'Interest per theme and city, venue or ISO week' })
  async breakdown(@Query(breakdownPipe) { by, ...query }: BreakdownQuery) {
    return this.labelled(await this.queries.breakdown(by, query));
  }

  @Get('breakdown.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiQuery({ name: 'by', required: false, enum: ['city', 'venue', 'week'] })
  @ApiOperation({ summary: 'Breakdown as CSV' })
  async breakdownCsv(@Query(breakdownPipe) { by, ...query }: BreakdownQuery) {
    return csvOf((await this.queries.breakdown(by, query)).rows);
  }

  @Get('share')
  @AudienceQueryDocs()
  @ApiOperation({ summary: "Each theme's share of interest per ISO week" })
  async share(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.shareOverTime(query));
  }

  @Get('share.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Theme share over time as CSV' })
  async shareCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.shareOverTime(query)).rows);
  }

  @Get('trending')
  @AudienceQueryDocs()
  @ApiOperation({ summary: "Themes growing in the week of `to` against the week before, beyond their own history's noise" })
  async trending(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.trending(query));
  }

  @Get('trending.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Trending as CSV' })
  async trendingCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.trending(query)).rows);
  }

  @Get('co-interest')
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Themes, and venues, that share audiences' })
  async coInterest(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.coInterest(query));
  }

  @Get('co-interest.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Co-interest of themes as CSV' })
  async coInterestCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.coInterest(query)).themes);
  }

  @Get('co-interest/venues.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Co-interest of venues as CSV' })
  async coInterestVenuesCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.coInterest(query)).venues);
  }

  @Get('unmet-demand')
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Interest per theme and city against the screenings of that theme programmed there in the weeks ahead' })
  async unmetDemand(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.unmetDemand(query));
  }

  @Get('unmet-demand.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Unmet demand as CSV' })
  async unmetDemandCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.unmetDemand(query)).rows);
  }

  @Get('searches')
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'What people search for, in aggregate' })
  async searches(@Query(queryPipe) query: AudienceQuery) {
    return this.labelled(await this.queries.searches(query));
  }

  @Get('searches.csv')
  @Header('Content-Type', CSV)
  @AudienceQueryDocs()
  @ApiOperation({ summary: 'Searches as CSV' })
  async searchesCsv(@Query(queryPipe) query: AudienceQuery) {
    return csvOf((await this.queries.searches(query)).rows);
  }
}
