import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';

/**
 * `GET ws` as plain HTTP: the upgrade itself is taken over by @fastify/websocket before this
 * handler (see EventSocketGateway); a request without `Upgrade: websocket` lands here.
 */
@ApiTags('events')
@Controller()
export class EventSocketController {
  @Get('ws')
  @Access({ scopes: ['party_user'], token: 'user' })
  @ApiOperation({
    summary: 'WebSocket of the event log',
    description:
      'Upgrade with `Upgrade: websocket`; the token comes in `Authorization: Bearer`, the `access_token` query parameter or the subprotocol `access_token.<token>` (offer `party` too; Party answers `party`). `?cursor=` resumes. Server frames are `{"type", "id", "created_at", "created_at_string", "data"}` (events), `{"type": "typing", "id": null, "created_at", "data": {conversation, user_id, user}}`, `{"type": "pong"}` and `{"type": "error", "code"}`. Client frames: `{"type": "typing", "conversation": "user/<id>"|"group/<id>"}` (at most 10 per 10 s) and `{"type": "ping"}`. Refusals come before the upgrade as HTTP: 401 (token), 410 (`cursor_expired`), 429 (`too_many_connections`, `WS_MAX_PER_TOKEN` a token). Close codes: 1001 server shutting down, 4000 idle (no pong), 4008 slow consumer, 4401 token revoked or expired (within 5 s).',
  })
  @ApiResponse({ status: 101, description: 'Switching to the WebSocket protocol' })
  @ApiResponse({
    status: 426,
    description: '`upgrade_required`: the request was not a WebSocket upgrade',
    type: ErrorEnvelopeDto,
  })
  @ApiResponse({
    status: 410,
    description: '`cursor_expired`: resync over REST and start from a new cursor',
    type: ErrorEnvelopeDto,
  })
  openEventSocket(): never {
    throw new DomainError(426, 'upgrade_required');
  }
}
