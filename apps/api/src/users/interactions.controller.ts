import { BadRequestException, Body, Controller, HttpCode, Inject, PayloadTooLargeException, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  EVENT_BUS,
  eventTooLarge,
  MAX_EVENT_BYTES,
  toUserInteractionEvent,
  Topics,
  userInteractionKey,
  type EventBus,
} from '@marquee/domain';
import { ApiKeyGuard } from '@marquee/http';
import { InteractionsSchema, MAX_INTERACTIONS_PER_REQUEST, parseInteractions } from './interactions.schema';

/**
 * Interactions from a trusted server (ticketing, a site's back end, history imports): every type,
 * any date, preferences and ratings included. The public beacon is `POST /feedback`.
 */
@ApiTags('users')
@Controller('interactions')
export class InteractionsController {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  @Post()
  @HttpCode(202)
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: `Publish interactions to user-interactions (one or a batch of up to ${MAX_INTERACTIONS_PER_REQUEST})` })
  @ApiBody({ schema: z.toJSONSchema(InteractionsSchema, { target: 'openapi-3.0', io: 'input' }) as object })
  async record(@Body() body: unknown) {
    const parsed = parseInteractions(body);
    if (!parsed.ok) throw new BadRequestException(parsed.reason);
    const receivedAt = new Date();
    const messages = parsed.value.map((input) => {
      const event = toUserInteractionEvent(input, randomUUID(), receivedAt);
      return { key: userInteractionKey(event), value: JSON.stringify(event), interactionId: event.interactionId };
    });
    // The consumers' limit: what the profiler would dead-letter is refused here.
    const tooLarge = messages.find((m) => Buffer.byteLength(m.value) > MAX_EVENT_BYTES);
    if (tooLarge) throw new PayloadTooLargeException(eventTooLarge(Buffer.byteLength(tooLarge.value)));
    await this.bus.publish(
      Topics.userInteractions,
      messages.map(({ key, value }) => ({ key, value })),
    );
    return { accepted: messages.length, interactionIds: messages.map((m) => m.interactionId) };
  }
}
