import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { ApiContactBadInput, ApiContactBadReference, ApiContactNotFound } from './contact-docs';
import {
  AddFriendListFriendshipDto,
  FriendListDto,
  FriendListNameDto,
} from './dto/friend-list.dto';
import { FriendListService } from './friend-list.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const NOT_YOURS = 'No such friend list of yours';

@ApiTags('friend-lists')
@Controller('friend-lists')
export class FriendListController {
  constructor(private readonly lists: FriendListService) {}

  @Get()
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Your friend lists, oldest first, each with its friendships' })
  @ApiPaginatedResponse(FriendListDto)
  @ApiContactBadInput()
  listFriendLists(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<FriendListDto>> {
    return this.lists.list(caller.userId, query);
  }

  @Post()
  @Access({ scopes: ['party_contact'] })
  @Idempotent()
  @ApiOperation({ summary: 'Create a named list of friends (empty)' })
  @ApiCreatedResponse({ type: FriendListDto })
  @ApiContactBadInput()
  createFriendList(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: FriendListNameDto,
  ): Promise<FriendListDto> {
    return this.lists.create(caller.userId, body.name);
  }

  @Get(':id')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'One of your friend lists with its friendships, by position' })
  @ApiOkResponse({ type: FriendListDto })
  @ApiContactNotFound(NOT_YOURS)
  getFriendList(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend list')) id: string,
  ): Promise<FriendListDto> {
    return this.lists.get(caller.userId, id);
  }

  @Patch(':id')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Rename a friend list' })
  @ApiOkResponse({ type: FriendListDto })
  @ApiContactBadInput()
  @ApiContactNotFound(NOT_YOURS)
  renameFriendList(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend list')) id: string,
    @Body() body: FriendListNameDto,
  ): Promise<FriendListDto> {
    return this.lists.rename(caller.userId, id, body.name);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Delete a friend list (the friendships stay)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiContactNotFound(NOT_YOURS)
  async deleteFriendList(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend list')) id: string,
  ): Promise<void> {
    await this.lists.remove(caller.userId, id);
  }

  @Post(':id/friendships')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Add one of your friendships to the list',
    description: 'A friendship may be in several lists. 200 when it was already in this one.',
  })
  @ApiCreatedResponse({ type: FriendListDto, description: 'Added' })
  @ApiOkResponse({ type: FriendListDto, description: 'Already in the list' })
  @ApiContactBadInput()
  @ApiContactNotFound(NOT_YOURS)
  @ApiContactBadReference('`unknown_reference`: `friendship_id` is no friendship of yours')
  async addFriendListFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend list')) id: string,
    @Body() body: AddFriendListFriendshipDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FriendListDto> {
    const { list, added } = await this.lists.addFriendship(caller.userId, id, body.friendship_id);
    if (!added) reply.status(200);
    return list;
  }

  @Delete(':id/friendships/:friendship_id')
  @HttpCode(204)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Take a friendship out of the list (you stay friends)' })
  @ApiNoContentResponse({ description: 'Removed from the list' })
  @ApiContactNotFound('No such friend list of yours, or the friendship is not in it')
  async removeFriendListFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friend list')) id: string,
    @Param('friendship_id', new ParseIdPipe('friendship')) friendshipId: string,
  ): Promise<void> {
    await this.lists.removeFriendship(caller.userId, id, friendshipId);
  }
}
