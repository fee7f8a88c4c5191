import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiGoneResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { RequestLocale } from '../common/http/request-locale.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { EventPageDto, EventQueryDto, StreamQueryDto } from './dto/event.dto';
import { EventStreamService } from './event-stream.service';
import { EventsService } from './events.service';

const gone = ApiGoneResponse({
  description:
    '`cursor_expired`: the cursor is malformed, older than the retention (`EVENT_RETENTION_DAYS`) or unknown; resync over REST',
  type: ErrorEnvelopeDto,
});

@ApiTags('events')
@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly streams: EventStreamService,
  ) {}

  @Get('events')
  @Access({ scopes: ['party_user'], token: 'user' })
  @ApiOperation({
    summary: 'Long-poll the event log',
    description:
      'Events after `cursor`, oldest first, at once if there are any; otherwise the first to arrive within `timeout` seconds (0-60), or an empty page. Without a cursor the answer is immediate and carries the current `next_cursor`: the starting point. Each token receives only the types its scopes allow and only what its user may see. At least once, in order: drop repeats by `id`.',
  })
  @ApiOkResponse({ type: EventPageDto })
  @gone
  pollEvents(
    @CurrentUser() caller: UserPrincipal,
    @RequestLocale() locale: Locale,
    @Query() query: EventQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventPageDto> {
    return this.events.poll(caller, locale, query.cursor, query.timeout, abortedWith(reply));
  }

  @Get('events/stream')
  @Access({ scopes: ['party_user'], token: 'user' })
  @ApiOperation({
    summary: 'Server-Sent Events',
    description:
      'A `text/event-stream` of the same events: `id:` is the cursor, `event:` the type, `data:` the JSON event `{id, type, created_at, data}`. Resumes after `Last-Event-ID` (what EventSource sends on reconnect) or `?cursor=`; without either it starts now. A `: heartbeat` comment comes at least every 25 s. A revoked or expired token ends the stream within 5 s with an `event: close` naming the reason; so does a consumer too slow to read.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last event id received' })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'The event stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @gone
  async streamEvents(
    @CurrentUser() caller: UserPrincipal,
    @RequestLocale() locale: Locale,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.open(caller, locale, lastEventId ?? query.cursor, request, reply);
  }
}

/** Aborts when the client goes away before the answer. */
function abortedWith(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}
