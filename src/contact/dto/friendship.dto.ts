import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { PersonDto } from '../../common/people/person.dto';
import {
  emptyToNull,
  EXAMPLE_IDS,
  EXAMPLE_TIME,
  EXAMPLE_TIME_STRING,
  ContactTimestampsDto,
} from './common';

export const FRIENDSHIP_NAME_MAX = 64;
export const FRIENDSHIP_SEARCH_MAX = 64;

export class FriendshipDto extends ContactTimestampsDto {
  @ApiProperty({ example: EXAMPLE_IDS.friendship })
  id!: string;

  @ApiProperty({ description: 'Whose friendship this is: you', example: EXAMPLE_IDS.user })
  user_id!: string;

  @ApiProperty({ description: 'The friend (`friend.id`)', example: EXAMPLE_IDS.friend })
  friend_id!: string;

  @ApiProperty({ type: PersonDto, description: 'The friend, as you call him' })
  friend!: PersonDto;

  @ApiProperty({ type: String, nullable: true, description: 'Your remark', example: '雷哥' })
  remarked_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'His name in your address book',
    example: '李雷',
  })
  contact_name!: string | null;

  @ApiProperty({
    description: 'remarked_name || contact_name || nickname || username',
    example: '雷哥',
  })
  name!: string;

  @ApiProperty({
    description: 'Rank among your friendships, 1 = top (most recently contacted or moved to top)',
    example: 1,
  })
  position!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last private message between you',
    example: EXAMPLE_TIME,
  })
  last_contacted_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE_TIME_STRING })
  last_contacted_at_string!: string | null;
}

export class UpdateFriendshipDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: FRIENDSHIP_NAME_MAX,
    description: 'Your remark for him; null or "" clears it',
    example: '雷哥',
  })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(FRIENDSHIP_NAME_MAX)
  remarked_name?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: FRIENDSHIP_NAME_MAX,
    description: 'His name in your address book; null or "" clears it',
    example: '李雷',
  })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(FRIENDSHIP_NAME_MAX)
  contact_name?: string | null;
}

export class FriendshipSearchQueryDto extends PageQueryDto {
  @ApiProperty({
    minLength: 1,
    maxLength: FRIENDSHIP_SEARCH_MAX,
    description: 'Part of a remarked name, contact name, nickname or username (case-insensitive)',
    example: '李',
  })
  @IsString()
  @Length(1, FRIENDSHIP_SEARCH_MAX)
  q!: string;
}
