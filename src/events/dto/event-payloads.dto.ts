import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonDto } from '../../common/people/person.dto';
import { GroupDto } from '../../group/dto/group.dto';
import { ReadCursorDto } from '../../message/dto/message.dto';

const CONVERSATION = {
  description: 'The conversation as the reader names it: `user/<the other user>` or `group/<id>`',
  example: 'group/4f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
};
const UUID = '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b';

/** `message.read` / `message.delivered`: another member's cursor moved (receipts). */
export class ReceiptEventDataDto {
  @ApiProperty(CONVERSATION)
  conversation!: string;

  @ApiProperty({ example: UUID })
  conversation_id!: string;

  @ApiProperty({ description: 'Whose cursor moved', example: UUID })
  user_id!: string;

  @ApiProperty({ type: PersonDto })
  user!: PersonDto;

  @ApiProperty({ type: 'integer', example: 12 })
  last_read_seq!: number;

  @ApiProperty({ type: 'integer', example: 12 })
  last_delivered_seq!: number;
}

/** `conversation.read`: the reader's own read cursor moved (on another device, perhaps). */
export class ConversationReadEventDataDto extends ReadCursorDto {
  @ApiProperty(CONVERSATION)
  conversation!: string;
}

/** Member events: the group as `GET groups/{id}` shows it to the reader, and who changed. */
export class GroupMemberEventDataDto {
  @ApiProperty({ example: UUID })
  group_id!: string;

  @ApiProperty({
    type: GroupDto,
    description: 'The group as the reader sees it (`my_role` null once he is no longer a member)',
  })
  group!: GroupDto;

  @ApiPropertyOptional({ description: 'Who made the change', example: UUID })
  actor_id?: string;

  @ApiPropertyOptional({ type: PersonDto })
  actor?: PersonDto;

  @ApiPropertyOptional({
    description: '`member_removed`, `member_left`, `member_updated`: the member',
    example: UUID,
  })
  user_id?: string;

  @ApiPropertyOptional({ type: PersonDto })
  user?: PersonDto;

  @ApiPropertyOptional({
    description: '`member_added`, `merged`: the users who joined',
    type: [String],
    example: [UUID],
  })
  user_ids?: string[];

  @ApiPropertyOptional({ type: [PersonDto] })
  users?: PersonDto[];

  @ApiPropertyOptional({
    enum: ['manager', 'member'],
    description: '`member_updated`: the new role',
  })
  role?: 'manager' | 'member';

  @ApiPropertyOptional({ description: '`owner_changed`', example: UUID })
  from_user_id?: string;

  @ApiPropertyOptional({ type: PersonDto })
  from_user?: PersonDto;

  @ApiPropertyOptional({ description: '`owner_changed`', example: UUID })
  to_user_id?: string;

  @ApiPropertyOptional({ type: PersonDto })
  to_user?: PersonDto;

  @ApiPropertyOptional({
    description: '`merged`: the group merged in (now dissolved)',
    example: UUID,
  })
  source_group_id?: string;

  @ApiPropertyOptional({ example: 'Weekend hikers' })
  source_group_name?: string;
}

/** A `typing` frame's data (WebSocket only, never stored). */
export class TypingEventDataDto {
  @ApiProperty(CONVERSATION)
  conversation!: string;

  @ApiProperty({ example: UUID })
  user_id!: string;

  @ApiProperty({ type: PersonDto })
  user!: PersonDto;
}

/** `friendship.removed`: the reader's friendship that ended. */
export class FriendshipRemovedEventDataDto {
  @ApiProperty({ description: "The reader's friendship id", example: UUID })
  id!: string;

  @ApiProperty({ example: UUID })
  friend_id!: string;
}

/** `group.notice_deleted`, `group.banner_deleted`, `group.share_file_deleted`. */
export class GroupContentRemovedEventDataDto {
  @ApiProperty({ description: 'The notice, banner or shared file that was deleted', example: UUID })
  id!: string;

  @ApiProperty({ example: UUID })
  group_id!: string;
}

/** `contact_list.updated`: an entry of the reader's contact list was pinned or unpinned. */
export class ContactListUpdatedEventDataDto {
  @ApiProperty({ enum: ['user', 'group'], example: 'group' })
  type!: 'user' | 'group';

  @ApiProperty({ description: 'The user or group id of the entry', example: UUID })
  id!: string;

  @ApiProperty({ example: true })
  pinned!: boolean;
}
