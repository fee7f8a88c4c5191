import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { EXAMPLE_TIME, EXAMPLE_TIME_STRING, idText } from './catchchat-contact.dto';
import { CATCHCHAT_AVATAR } from './catchchat-user.dto';

/** A friend in a group of friends: the person with the caller's names and his position. */
export class CatchChatGroupFriendDto {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ example: 'tumayun' })
  username!: string;

  @ApiProperty({ example: 'tumayun' })
  nickname!: string;

  @ApiProperty({ example: 'tumayun' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'tumayun' })
  contact_name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'tumayun' })
  remarked_name!: string | null;

  @ApiProperty({ description: 'The friendship position', example: 1 })
  position!: number;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;
}

/** A group of friends (Party's friend list), not a chat group. */
export class CatchChatGroupDto {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ example: 1 })
  owner_id!: number;

  @ApiProperty({ example: 'test-group' })
  name!: string;

  @ApiProperty({ description: 'Rank among your groups, oldest first', example: 2 })
  position!: number;

  @ApiProperty({ example: EXAMPLE_TIME })
  created_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  created_at_string!: string;

  @ApiProperty({ example: EXAMPLE_TIME })
  updated_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  updated_at_string!: string;

  @ApiProperty({ type: [CatchChatGroupFriendDto] })
  friends!: CatchChatGroupFriendDto[];
}

export class CatchChatGroupListDto {
  @ApiProperty({ type: [CatchChatGroupDto] })
  groups!: CatchChatGroupDto[];

  @ApiProperty({ example: 1 })
  current_page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ description: 'Items in the whole list', example: 1 })
  count!: number;
}

export class CatchChatFriendshipIdDto {
  @ApiProperty({ description: 'One of your friendships (integer id)', example: 3 })
  @Transform(idText)
  @IsString()
  @Length(1, 36)
  friendship_id!: string;
}

export class CatchChatContactUserDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'tumayun' })
  username!: string;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;

  @ApiProperty({ example: 'Tumayun' })
  nickname!: string;

  @ApiProperty({ description: 'The number in the book, E.164', example: '+8615158166372' })
  number!: string;
}

export class CatchChatRegisteredContactDto {
  @ApiProperty({
    description: 'The entry of your book (integer id, stable per number)',
    example: 1,
  })
  id!: number;

  @ApiProperty({ example: '涂马云' })
  name!: string;

  @ApiProperty({ type: CatchChatContactUserDto })
  user!: CatchChatContactUserDto;
}

export class CatchChatContactsUploadedDto {
  @ApiProperty({ type: [CatchChatRegisteredContactDto] })
  registered_contacts!: CatchChatRegisteredContactDto[];
}

export class CatchChatMayKnowDto {
  @ApiProperty({ example: 8 })
  id!: number;

  @ApiProperty({ example: 'friend6' })
  username!: string;

  @ApiProperty({ example: 'friend6' })
  nickname!: string;

  @ApiProperty({ example: 'friend6' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;

  @ApiProperty({ type: [String], example: ['friend2', 'friend3'] })
  common_friend_names!: string[];
}

export class CatchChatMayKnowListDto {
  @ApiProperty({ type: [CatchChatMayKnowDto] })
  friends!: CatchChatMayKnowDto[];
}
