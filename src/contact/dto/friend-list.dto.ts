import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { EXAMPLE_IDS, ContactTimestampsDto } from './common';
import { FriendshipDto } from './friendship.dto';

export const FRIEND_LIST_NAME_MAX = 64;

export class FriendListNameDto {
  @ApiProperty({ minLength: 1, maxLength: FRIEND_LIST_NAME_MAX, example: '同学' })
  @IsString()
  @Length(1, FRIEND_LIST_NAME_MAX)
  name!: string;
}

export class AddFriendListFriendshipDto {
  @ApiProperty({ description: 'One of your friendships', example: EXAMPLE_IDS.friendship })
  @IsId()
  friendship_id!: string;
}

export class FriendListDto extends ContactTimestampsDto {
  @ApiProperty({ example: EXAMPLE_IDS.list })
  id!: string;

  @ApiProperty({ example: '同学' })
  name!: string;

  @ApiProperty({ type: [FriendshipDto], description: 'The friendships in the list, by position' })
  friendships!: FriendshipDto[];
}
