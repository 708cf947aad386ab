import { Controller, Delete, Get, Headers, HttpCode, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { UserIdSchema } from '@marquee/domain';
import { ApiKeyGuard, ZodValidationPipe } from '@marquee/http';
import { UserDataService } from '@marquee/profiles';
import { PersonalRecommendationsService } from '@marquee/recommending';
import { PersonalQuerySchema, type PersonalQuery } from '../events/events.schemas';
import { ApiRecommendationQuery } from '../events/recommendation-query.docs';
import { recommendationRequest } from '../events/recommendation-query';

@ApiTags('users')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'Preferred languages (default: the user’s, else English)' })
@Controller('users')
export class UsersController {
  constructor(
    private readonly personal: PersonalRecommendationsService,
    private readonly userData: UserDataService,
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
  ) {}

  @Get(':id/recommendations')
  @ApiOperation({
    summary: 'Upcoming events for one user: from what they viewed, liked and booked, minus what they saw, booked or dismissed',
    description:
      'The related-events filters apply. Without history (or with preferences only) it is a cold start: popular upcoming events near the user. Never cached.',
  })
  @ApiRecommendationQuery()
  @ApiQuery({ name: 'exclude', required: false, description: '`sent`: also leave out what the last newsletter edition carried' })
  recommendations(
    @Param('id', new ZodValidationPipe(UserIdSchema)) userId: string,
    @Query(new ZodValidationPipe(PersonalQuerySchema)) query: PersonalQuery,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const request = recommendationRequest(query, acceptLanguage, this.config.RELATED_MAX_LIMIT, new Date());
    // Neither `lang` nor Accept-Language: the user's own languages.
    const languages = query.lang !== undefined || acceptLanguage ? request.languages : undefined;
    return this.personal.recommend(userId, { ...request, languages, excludeSent: query.exclude?.includes('sent') ?? false });
  }

  @Delete(':id')
  @HttpCode(202)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({
    summary: 'Erase a user: the profile at once, and every per-user record as each consumer reads the compacted user-erasures topic',
    description: 'Interactions received before the erasure never rebuild the user, also when topics are replayed.',
  })
  async erase(@Param('id', new ZodValidationPipe(UserIdSchema)) userId: string) {
    const erasure = await this.userData.erase(userId);
    return { erased: true, ...erasure };
  }

  @Get(':id/export')
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'What Marquee holds on a user (data portability): profile, collaborative history, erasure' })
  export(@Param('id', new ZodValidationPipe(UserIdSchema)) userId: string) {
    return this.userData.export(userId);
  }
}
