import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { PageQueryDto } from '../../common/pagination/pagination';
import { PersonDto } from '../../common/people/person.dto';
import { FRIEND_REQUEST_STATES, FriendRequestState } from '../entities/friend-request.entity';
import { emptyToNull, EXAMPLE_IDS, ContactTimestampsDto } from './common';

export const FRIEND_REQUEST_MESSAGE_MAX = 200;

export class CreateFriendRequestDto {
  @ApiProperty({ description: 'The user you ask to be your friend', example: EXAMPLE_IDS.friend })
  @IsId()
  friend_id!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: FRIEND_REQUEST_MESSAGE_MAX,
    description: 'A few words to the receiver',
    example: '我是韩梅梅',
  })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(FRIEND_REQUEST_MESSAGE_MAX)
  message?: string | null;
}

export class FriendRequestListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: FRIEND_REQUEST_STATES,
    description: 'Only requests in this state (all states when absent)',
    example: 'pending',
  })
  @IsOptional()
  @IsIn(FRIEND_REQUEST_STATES)
  state?: FriendRequestState;
}

export class FriendRequestDto extends ContactTimestampsDto {
  @ApiProperty({ example: EXAMPLE_IDS.request })
  id!: string;

  @ApiProperty({ type: PersonDto, description: 'Who asked' })
  from_user!: PersonDto;

  @ApiProperty({ type: PersonDto, description: 'Who was asked' })
  to_user!: PersonDto;

  @ApiProperty({ type: String, nullable: true, example: '我是韩梅梅' })
  message!: string | null;

  @ApiProperty({ enum: FRIEND_REQUEST_STATES, example: 'pending' })
  state!: FriendRequestState;

  @ApiProperty({ type: String, description: 'Localized by `Accept-Language`', example: '等待中' })
  state_string!: Label;
}
