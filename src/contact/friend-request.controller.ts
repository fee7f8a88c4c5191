import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import {
  ApiContactBadInput,
  ApiContactBadReference,
  ApiContactConflict,
  ApiContactForbidden,
  ApiContactNotFound,
} from './contact-docs';
import {
  CreateFriendRequestDto,
  FriendRequestDto,
  FriendRequestListQueryDto,
} from './dto/friend-request.dto';
import { FriendRequestAction, FriendRequestService } from './friend-request.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

/** `POST friend-requests/{id}/<action>`: what every action route declares. */
function FriendRequestActionRoute(
  action: FriendRequestAction,
  operation: { summary: string; description?: string },
) {
  const wrongSide =
    action === 'withdraw'
      ? 'It was sent to you: only the sender withdraws (`forbidden`)'
      : `You sent it: only the receiver may ${action} it (\`forbidden\`)`;
  return applyDecorators(
    Post(`:id/${action}`),
    HttpCode(200),
    Access({ scopes: ['party_contact'] }),
    ApiOperation(operation),
    ApiOkResponse({ type: FriendRequestDto }),
    ApiContactNotFound('No such request, or you are neither its sender nor its receiver'),
    ApiContactForbidden(wrongSide),
    ApiContactConflict('The request is no longer pending (`request_not_pending`)'),
  );
}

@ApiTags('friend-requests')
@Controller('friend-requests')
export class FriendRequestController {
  constructor(private readonly requests: FriendRequestService) {}

  @Post()
  @Access({ scopes: ['party_contact'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Ask someone to be your friend',
    description:
      '201 with the new pending request. 200 with the request already pending to him (no second one), ' +
      'or, when he had already asked you, 200 with his request, now accepted (you are friends). ' +
      'A request to someone who blocked you is answered like any other and never reaches him.',
  })
  @ApiCreatedResponse({ type: FriendRequestDto, description: 'A new pending request' })
  @ApiOkResponse({
    type: FriendRequestDto,
    description: 'Your request already pending, or his request to you, accepted',
  })
  @ApiContactBadInput('`validation_failed`: a malformed `friend_id`, yourself, a message too long')
  @ApiContactBadReference('`unknown_reference`: `friend_id` names no user')
  @ApiContactConflict(
    'Already friends (`already_friends`), or you have blocked him (`user_blocked_by_you`)',
  )
  async createFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CreateFriendRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FriendRequestDto> {
    const { outcome, request } = await this.requests.send(caller.userId, body);
    if (outcome !== 'created') reply.status(200);
    return request;
  }

  @Get('received')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Requests sent to you, newest first, optionally in one state' })
  @ApiPaginatedResponse(FriendRequestDto)
  @ApiContactBadInput()
  listReceivedFriendRequests(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: FriendRequestListQueryDto,
  ): Promise<Paginated<FriendRequestDto>> {
    return this.requests.list('received', caller.userId, query);
  }

  @Get('sent')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Requests you sent, newest first, optionally in one state' })
  @ApiPaginatedResponse(FriendRequestDto)
  @ApiContactBadInput()
  listSentFriendRequests(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: FriendRequestListQueryDto,
  ): Promise<Paginated<FriendRequestDto>> {
    return this.requests.list('sent', caller.userId, query);
  }

  @FriendRequestActionRoute('accept', {
    summary: 'Accept a request sent to you: you both become friends',
  })
  acceptFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend request')) id: string,
  ): Promise<FriendRequestDto> {
    return this.requests.act(caller.userId, id, 'accept');
  }

  @FriendRequestActionRoute('reject', { summary: 'Reject a request sent to you' })
  rejectFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend request')) id: string,
  ): Promise<FriendRequestDto> {
    return this.requests.act(caller.userId, id, 'reject');
  }

  @FriendRequestActionRoute('block', {
    summary: 'Refuse a request sent to you and block its sender',
    description: 'The sender goes on your block list (see `blocks`).',
  })
  blockFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend request')) id: string,
  ): Promise<FriendRequestDto> {
    return this.requests.act(caller.userId, id, 'block');
  }

  @FriendRequestActionRoute('withdraw', {
    summary: 'Withdraw a request you sent, while it is pending',
  })
  withdrawFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend request')) id: string,
  ): Promise<FriendRequestDto> {
    return this.requests.act(caller.userId, id, 'withdraw');
  }
}
