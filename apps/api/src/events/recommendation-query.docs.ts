import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { RECOMMENDATION_PARAMETERS } from './events.schemas';

/** Documents the recommendation query parameters in OpenAPI. */
export const ApiRecommendationQuery = () =>
  applyDecorators(
    ...Object.entries(RECOMMENDATION_PARAMETERS).map(([name, description]) => ApiQuery({ name, description, required: false })),
  );
