import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { LIST_PARAMETERS, RECOMMENDATION_PARAMETERS } from './events.schemas';

/** Documents the query parameters of `GET /events` in OpenAPI. */
export const ApiListQuery = () =>
  applyDecorators(...Object.entries(LIST_PARAMETERS).map(([name, description]) => ApiQuery({ name, description, required: false })));

/** Documents the recommendation query parameters in OpenAPI. */
export const ApiRecommendationQuery = () =>
  applyDecorators(
    ...Object.entries(RECOMMENDATION_PARAMETERS).map(([name, description]) => ApiQuery({ name, description, required: false })),
  );
