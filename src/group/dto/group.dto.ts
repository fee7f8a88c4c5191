import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
} from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { PersonDto } from '../../common/people/person.dto';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const GROUP_NAME_MAX = 64;
/** Most users one request may add (create or add members). */
export const MAX_USERS_PER_REQUEST = 500;

/** Form bodies send one id as a string and several as a repeated field or a comma list. */
/** Names are trimmed, so a blank one is too short. */
export function trimmed({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

export function toIdList({ value }: { value: unknown }): unknown {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
  }
  return value;
}

const USER_IDS_EXAMPLE = [
  '5b6cea82-e4b0-4df0-9b3e-fc2b5bee6706',
  '5b50428c-e4b0-4913-89c3-b3777e4b05df',
];

export class CreateGroupDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: GROUP_NAME_MAX,
    description: "Defaults to the first members' names",
    example: '第四期项目讨论',
  })
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, GROUP_NAME_MAX)
  name?: string;

  @ApiProperty({
    description: `The other members (not yourself): at least 2, at most ${MAX_USERS_PER_REQUEST}, no duplicates`,
    type: [String],
    example: USER_IDS_EXAMPLE,
  })
  @Transform(toIdList)
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_USERS_PER_REQUEST)
  @ArrayUnique()
  @IsId({ each: true })
  user_ids!: string[];
}

export class RenameGroupDto {
  @ApiProperty({ minLength: 1, maxLength: GROUP_NAME_MAX, example: '研发部' })
  @Transform(trimmed)
  @IsString()
  @Length(1, GROUP_NAME_MAX)
  name!: string;
}

export class TransferGroupDto {
  @ApiProperty({
    description: 'A current member who becomes the owner',
    example: USER_IDS_EXAMPLE[0],
  })
  @IsId()
  user_id!: string;
}

export class AddGroupMembersDto {
  @ApiProperty({
    description: `Users to add: at least 1, at most ${MAX_USERS_PER_REQUEST}, no duplicates`,
    type: [String],
    example: USER_IDS_EXAMPLE,
  })
  @Transform(toIdList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_USERS_PER_REQUEST)
  @ArrayUnique()
  @IsId({ each: true })
  user_ids!: string[];
}

export class UpdateGroupMemberDto {
  @ApiProperty({ enum: ['manager', 'member'], example: 'manager' })
  @IsIn(['manager', 'member'])
  role!: 'manager' | 'member';
}

export class GroupDto {
  @ApiProperty({ example: '30683aea-7a1f-4ec8-a6d6-834e0310fd7d' })
  id!: string;

  @ApiProperty({ example: '第四期项目讨论' })
  name!: string;

  @ApiProperty({ description: 'The owner (`owner.id`)', example: USER_IDS_EXAMPLE[0] })
  owner_id!: string;

  @ApiProperty({ type: PersonDto })
  owner!: PersonDto;

  @ApiProperty({ enum: ['active', 'dissolved'], example: 'active' })
  status!: 'active' | 'dissolved';

  @ApiProperty({ type: String, description: 'Localized by `Accept-Language`', example: '正常' })
  status_string!: Label;

  @ApiProperty({
    description: 'Current members (those who blocked the group included)',
    example: 3,
  })
  member_count!: number;

  @ApiProperty({ enum: ['owner', 'manager', 'member'], example: 'owner' })
  my_role!: 'owner' | 'manager' | 'member';

  @ApiProperty({
    description: 'Whether you have blocked (hidden and muted) this group',
    example: false,
  })
  blocked!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  dissolved_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  dissolved_at_string!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  updated_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  updated_at_string!: string;
}

export class GroupMemberDto extends PersonDto {
  @ApiProperty({ enum: ['owner', 'manager', 'member'], example: 'member' })
  role!: 'owner' | 'manager' | 'member';

  @ApiProperty({
    description: 'When he (last) joined; he sees history from here',
    example: '2026-11-22T08:10:30Z',
  })
  joined_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  joined_at_string!: string;

  @ApiPropertyOptional({
    description:
      'Only when the caller is the owner (absent otherwise): removed by the owner or a manager',
    example: false,
  })
  is_removed?: boolean;

  @ApiPropertyOptional({
    enum: ['active', 'left', 'blocked'],
    description:
      'Only when the caller is the owner (absent otherwise): `left` once he left or was removed, `blocked` while he has blocked the group',
    example: 'active',
  })
  status?: 'active' | 'left' | 'blocked';

  @ApiPropertyOptional({
    type: String,
    description: 'Only beside `status`: its label, localized by `Accept-Language`',
    example: '正常',
  })
  status_string?: Label;
}

export class GroupMemberIdsDto {
  @ApiProperty({
    description: 'The owner first, then the managers',
    type: [String],
    example: [USER_IDS_EXAMPLE[0]],
  })
  manager_ids!: string[];

  @ApiProperty({
    description: 'Every current member, owner and managers included',
    type: [String],
    example: USER_IDS_EXAMPLE,
  })
  participant_ids!: string[];
}
