import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_BUS, toUserInteractionEvent, Topics, userInteractionKey, type EventBus } from '@marquee/domain';
import { FeedbackSchema, parseFeedback } from './feedback.schema';

/**
 * Impressions, clicks and bookings of recommended events, for analytics and personalisation.
 * Public (widgets call it from visitors' browsers), so it takes no API key; the global rate limit applies.
 */
@ApiTags('feedback')
@Controller('feedback')
export class FeedbackController {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Report impressions, clicks or bookings of a related-events or search response (one or a batch of up to 50)' })
  @ApiBody({ schema: z.toJSONSchema(FeedbackSchema, { target: 'openapi-3.0', io: 'input' }) as object })
  async record(@Body() body: unknown) {
    const parsed = parseFeedback(body);
    if (!parsed.ok) throw new BadRequestException(parsed.reason);
    const receivedAt = new Date();
    const events = parsed.value.map((input) => toUserInteractionEvent(input, randomUUID(), receivedAt));
    await this.bus.publish(
      Topics.userInteractions,
      events.map((event) => ({ key: userInteractionKey(event), value: JSON.stringify(event) })),
    );
    return { accepted: events.length, interactionIds: events.map((e) => e.interactionId) };
  }
}
