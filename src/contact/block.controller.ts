import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
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
import { BlockService } from './block.service';
import { ApiContactBadInput, ApiContactBadReference, ApiContactNotFound } from './contact-docs';
import { BlockDto, CreateBlockDto } from './dto/block.dto';

@ApiTags('blocks')
@Controller('blocks')
export class BlockController {
  constructor(private readonly blocks: BlockService) {}

  @Get()
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Users you have blocked, most recent first' })
  @ApiPaginatedResponse(BlockDto)
  @ApiContactBadInput()
  listBlocks(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<BlockDto>> {
    return this.blocks.list(caller.userId, query);
  }

  @Post()
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Block a user',
    description:
      'He can no longer befriend or message you (he is not told). Ends your friendship on both ' +
      'sides and rejects pending requests between you. 200 when he was already blocked.',
  })
  @ApiCreatedResponse({ type: BlockDto, description: 'Blocked' })
  @ApiOkResponse({ type: BlockDto, description: 'Already blocked: nothing changed' })
  @ApiContactBadInput('`validation_failed`: a malformed `user_id`, or yourself')
  @ApiContactBadReference('`unknown_reference`: `user_id` names no user')
  async createBlock(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CreateBlockDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BlockDto> {
    const { block, created } = await this.blocks.block(caller.userId, body.user_id);
    if (!created) reply.status(200);
    return block;
  }

  @Delete(':user_id')
  @HttpCode(204)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Unblock a user (the friendship it ended does not come back)' })
  @ApiNoContentResponse({ description: 'Unblocked' })
  @ApiContactNotFound('You have not blocked him')
  async deleteBlock(
    @CurrentUser() caller: UserPrincipal,
    @Param('user_id', new ParseIdPipe('block')) userId: string,
  ): Promise<void> {
    await this.blocks.unblock(caller.userId, userId);
  }
}
