import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  EditionIdSchema,
  EVENT_BUS,
  PreferencesInputSchema,
  toUserInteractionEvent,
  Topics,
  UserIdSchema,
  userInteractionKey,
  type EventBus,
} from '@marquee/domain';
import { ApiKeyGuard, ZodValidationPipe } from '@marquee/http';
import { editorPage, jsonRendering, NewsletterLinks, NewsletterPreview, PreviewQuerySchema, type PreviewQuery } from '@marquee/newsletter';
import { NEWSLETTER_LINKS } from './newsletter.tokens';

const UnsubscribeQuerySchema = z.strictObject({
  user: UserIdSchema,
  edition: EditionIdSchema.optional(),
  token: z.string().min(1).max(64),
});
type UnsubscribeQuery = z.infer<typeof UnsubscribeQuerySchema>;

const HTML = 'text/html; charset=utf-8';
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:Helvetica,Arial,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">${body}</body></html>`;

/**
 * Newsletter previews for editors (API key: they show what Marquee knows of a user), the editor's
 * page of an edition, and the unsubscribe link every mail carries (public, signed per user).
 */
@ApiTags('newsletter')
@Controller()
export class NewsletterController {
  constructor(
    private readonly preview: NewsletterPreview,
    @Inject(NEWSLETTER_LINKS) private readonly links: NewsletterLinks,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Get('users/:id/newsletter/preview')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    summary: "A user's newsletter of an edition, as it would be sent now",
    description: '`format=html` (default), `text` or `json`; `from`/`to` default to the days of an ISO-week edition such as 2026-W50.',
  })
  async previewOf(
    @Param('id', new ZodValidationPipe(UserIdSchema)) userId: string,
    @Query(new ZodValidationPipe(PreviewQuerySchema)) query: PreviewQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const outcome = await this.preview.preview(userId, query);
    if (outcome.kind === 'invalid') throw new BadRequestException(outcome.reason);
    if (outcome.kind === 'unknown-user') throw new NotFoundException(`no profile for user ${userId}`);
    if (outcome.kind === 'skipped') throw new NotFoundException(`no newsletter for user ${userId} in ${query.edition}: ${outcome.reason}`);
    const { message } = outcome;
    if (query.format === 'json') return jsonRendering(message);
    void reply.header('Content-Type', query.format === 'text' ? 'text/plain; charset=utf-8' : HTML);
    return query.format === 'text' ? message.text : message.html;
  }

  @Get('newsletter/editions/:edition')
  @UseGuards(ApiKeyGuard)
  @ApiOperation({ summary: "The editor's page: a sample of an edition's subscribers with their picks and reasons" })
  async edition(
    @Param('edition', new ZodValidationPipe(EditionIdSchema)) edition: string,
    @Query(new ZodValidationPipe(PreviewQuerySchema.omit({ edition: true }))) query: Omit<PreviewQuery, 'edition'>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const sample = await this.preview.sample({ ...query, edition });
    if ('reason' in sample) throw new BadRequestException(sample.reason);
    void reply.header('Content-Type', HTML);
    return editorPage(sample.spec, sample.subscribers, (userId, format) => {
      const url = new URL(this.links.previewUrl(userId, sample.spec, format));
      return `${url.pathname}${url.search}`;
    });
  }

  /** What the mail's link opens: a confirmation, since mail scanners follow links and must not unsubscribe anyone. */
  @Get('newsletter/unsubscribe')
  @ApiOperation({ summary: 'The unsubscribe page a newsletter links to (confirm with one click)' })
  confirmUnsubscribe(
    @Query(new ZodValidationPipe(UnsubscribeQuerySchema)) query: UnsubscribeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    this.verify(query);
    void reply.header('Content-Type', HTML);
    const action = `/newsletter/unsubscribe?${new URLSearchParams({ user: query.user, ...(query.edition ? { edition: query.edition } : {}), token: query.token })}`;
    return page(
      'Unsubscribe',
      `<h1>Unsubscribe</h1><p>Stop receiving personal picks?</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  /** RFC 8058 one-click (a mailbox provider POSTs `List-Unsubscribe=One-Click`) and the confirmation form: a `preferences` interaction. */
  @Post('newsletter/unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe (RFC 8058 one-click): publishes a preferences interaction with newsletter: false' })
  async unsubscribe(
    @Query(new ZodValidationPipe(UnsubscribeQuerySchema)) query: UnsubscribeQuery,
    @Body() _body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.verify(query);
    const input = PreferencesInputSchema.parse({
      type: 'preferences',
      userId: query.user,
      preferences: { newsletter: false },
      context: { source: 'newsletter' },
    });
    const event = toUserInteractionEvent(input, randomUUID(), new Date());
    await this.bus.publish(Topics.userInteractions, [{ key: userInteractionKey(event), value: JSON.stringify(event) }]);
    void reply.header('Content-Type', HTML);
    return page('Unsubscribed', '<h1>Unsubscribed</h1><p>You will not receive personal picks any more.</p>');
  }

  private verify(query: UnsubscribeQuery): void {
    if (!this.links.verify(query.user, query.token)) throw new ForbiddenException('this unsubscribe link is not valid for this user');
  }
}
