import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import { Label } from '../../../common/i18n/label';
import { FRIEND_REQUEST_STATES } from '../../../contact/entities/friend-request.entity';
import { CATCHCHAT_AVATAR } from './catchchat-user.dto';

/** An id in a body: CatchChat clients send integers (JSON numbers, or digits in a form). */
export function idText({ value }: { value: unknown }): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
}

export const EXAMPLE_TIME = '2014-11-20T17:00:53Z';
export const EXAMPLE_TIME_STRING = '2014年11月20日 17:00:53';

class TimestampsDto {
  @ApiProperty({ example: EXAMPLE_TIME })
  created_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  created_at_string!: string;

  @ApiProperty({ example: EXAMPLE_TIME })
  updated_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  updated_at_string!: string;
}

export class CatchChatFriendDto {
  @ApiProperty({ example: 4 })
  id!: number;

  @ApiProperty({ example: 'tumayun' })
  username!: string;

  @ApiProperty({ example: 'tumayun' })
  nickname!: string;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;
}

export class CatchChatNamedFriendDto extends CatchChatFriendDto {
  @ApiProperty({
    description: 'remarked_name || contact_name || nickname || username',
    example: 'tumayun',
  })
  name!: string;
}

export class CatchChatFriendshipDto extends TimestampsDto {
  @ApiProperty({ example: 3 })
  id!: number;

  @ApiProperty({ example: 3 })
  user_id!: number;

  @ApiProperty({ example: 4 })
  friend_id!: number;

  @ApiProperty({ type: String, nullable: true, example: '涂马云' })
  contact_name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'tumayun' })
  remarked_name!: string | null;

  @ApiProperty({ example: 1 })
  position!: number;

  @ApiProperty({ example: 'tumayun' })
  name!: string;

  @ApiProperty({ type: CatchChatFriendDto })
  friend!: CatchChatFriendDto;
}

export class CatchChatFriendshipListDto {
  @ApiProperty({ type: [CatchChatFriendshipDto] })
  friendships!: CatchChatFriendshipDto[];

  @ApiProperty({ example: 1 })
  current_page!: number;

  @ApiProperty({ example: 10 })
  per_page!: number;

  @ApiProperty({ description: 'Items in the whole list', example: 1 })
  count!: number;
}

export class CatchChatFriendRequestDto extends TimestampsDto {
  @ApiProperty({ example: 3 })
  id!: number;

  @ApiProperty({ description: 'Who asked', example: 1 })
  user_id!: number;

  @ApiProperty({ description: 'Who was asked', example: 3 })
  friend_id!: number;

  @ApiProperty({
    description: '1 pending, 2 accepted, 3 rejected, 4 blocked (5 withdrawn by the sender)',
    example: 2,
  })
  state!: number;

  @ApiProperty({ type: String, example: '已接受' })
  state_string!: Label;

  @ApiProperty({ type: CatchChatNamedFriendDto, description: 'The other side of the request' })
  friend!: CatchChatNamedFriendDto;
}

export class CatchChatFriendRequestListDto {
  @ApiProperty({ type: [CatchChatFriendRequestDto] })
  friend_requests!: CatchChatFriendRequestDto[];

  @ApiProperty({ example: 1 })
  current_page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ description: 'Items in the whole list', example: 2 })
  count!: number;
}

export const CATCHCHAT_REQUEST_STATES = FRIEND_REQUEST_STATES.filter(
  (state) => state !== 'withdrawn',
);

export class FriendRequestStateParamDto {
  @ApiProperty({ enum: CATCHCHAT_REQUEST_STATES, example: 'accepted' })
  @IsIn(CATCHCHAT_REQUEST_STATES)
  state!: (typeof CATCHCHAT_REQUEST_STATES)[number];
}

export class FriendIdDto {
  @ApiProperty({ description: 'The user (integer id)', example: 3 })
  @Transform(idText)
  @IsString()
  @Length(1, 36)
  friend_id!: string;
}

/** `{}`: the seed's answer to an action. */
export class CatchChatEmptyDto {}
