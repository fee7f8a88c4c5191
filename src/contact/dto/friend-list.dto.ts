import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { EXAMPLE_IDS, EXAMPLE_TIME, EXAMPLE_TIME_STRING } from './common';
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
  @IsUUID('all')
  friendship_id!: string;
}

export class FriendListDto {
  @ApiProperty({ example: EXAMPLE_IDS.list })
  id!: string;

  @ApiProperty({ example: '同学' })
  name!: string;

  @ApiProperty({ type: [FriendshipDto], description: 'The friendships in the list, by position' })
  friendships!: FriendshipDto[];

  @ApiProperty({ example: EXAMPLE_TIME })
  created_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  created_at_string!: string;

  @ApiProperty({ example: EXAMPLE_TIME })
  updated_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  updated_at_string!: string;
}
