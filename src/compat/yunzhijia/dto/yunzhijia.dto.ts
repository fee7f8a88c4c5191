import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsId } from '../../../common/validation/is-id';

const USER_ID = '5b503ee9-e4b0-4abb-9318-b23e5b6cea82';
const GROUP_ID = '5bee7172-e4b0-4f6b-baa3-2b4bf5b503ee';

/**
 * Yunzhijia's request bodies. `currentUid` and `groupId` are checked here (the user the app acts
 * as, the group acted on); the other fields are handed to the native DTO, whose rules apply.
 */
export class YunzhijiaActorDto {
  @ApiProperty({ description: 'The user the app acts as (a Party user id)', example: USER_ID })
  @IsDefined()
  @IsId()
  currentUid!: string;
}

export class YunzhijiaGroupActionDto extends YunzhijiaActorDto {
  @ApiProperty({ description: 'The group (a Party group id)', example: GROUP_ID })
  @IsDefined()
  @IsString()
  groupId!: string;
}

export class YunzhijiaCreateGroupDto extends YunzhijiaActorDto {
  @ApiPropertyOptional({
    description: "The group's name (native `name`: 1-64 characters); defaults to members' names",
    example: '讨论组',
  })
  @Allow()
  groupName?: unknown;

  @ApiProperty({
    description: 'The other members (native `user_ids`: at least 2, at most 500)',
    type: [String],
    example: ['5b6cea82-e4b0-4df0-9b3e-fc2b5bee6706', '5b50428c-e4b0-4913-89c3-b3777e4b05df'],
  })
  @Allow()
  userIds!: unknown;
}

export class YunzhijiaAddGroupUserDto extends YunzhijiaGroupActionDto {
  @ApiProperty({
    description: 'Users to add (native `user_ids`: at least 1, at most 500)',
    type: [String],
    example: ['5b90c663-e4b0-416e-804a-768c5b6cea82'],
  })
  @Allow()
  userIds!: unknown;
}

export class YunzhijiaCreateNoticeDto extends YunzhijiaGroupActionDto {
  @ApiProperty({ description: '1-40 characters', example: '群公告标题' })
  @Allow()
  title!: unknown;

  @ApiProperty({ description: '1-2000 characters', example: '群公告内容' })
  @Allow()
  content!: unknown;
}

export class YunzhijiaBannerParamsDto {
  @ApiPropertyOptional({ example: '周六上午十点，公司楼下集合' })
  @Allow()
  content?: unknown;

  @ApiPropertyOptional({ example: '本周活动' })
  @Allow()
  title?: unknown;

  @ApiPropertyOptional({ example: '101091520' })
  @Allow()
  lightAppId?: unknown;

  @ApiPropertyOptional({ description: 'http(s)', example: 'https://cdn.example.com/thumb.png' })
  @Allow()
  thumbUrl?: unknown;

  @ApiPropertyOptional({
    description: 'http, https, mailto, tel, sms or party',
    example: 'https://www.example.com/events/42',
  })
  @Allow()
  webpageUrl?: unknown;

  @ApiPropertyOptional({ example: '报名截止周五' })
  @Allow()
  primaryContent?: unknown;

  @ApiPropertyOptional({ description: 'http(s)', example: 'https://cdn.example.com/chart.png' })
  @Allow()
  contentUrl?: unknown;
}

export class YunzhijiaCreateBannerDto extends YunzhijiaGroupActionDto {
  @ApiProperty({ type: YunzhijiaBannerParamsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => YunzhijiaBannerParamsDto)
  params!: YunzhijiaBannerParamsDto;
}

/** `{data, error, errorCode, success}`: every answer, success or not. */
class YunzhijiaEnvelopeBase {
  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;

  @ApiProperty({ description: '0 on success, else the HTTP status', example: 0 })
  errorCode!: number;

  @ApiProperty({ example: true })
  success!: boolean;
}

export class YunzhijiaGroupDto {
  @ApiProperty({ example: GROUP_ID })
  groupId!: string;

  @ApiProperty({ example: '讨论组' })
  groupName!: string;

  @ApiProperty({ description: '2: a multi-person group (every Party group)', example: 2 })
  groupType!: number;

  @ApiProperty({ description: '1059: active; 0: dissolved', example: 1059 })
  status!: number;
}

export class YunzhijiaGroupEnvelopeDto extends YunzhijiaEnvelopeBase {
  @ApiProperty({ type: YunzhijiaGroupDto })
  data!: YunzhijiaGroupDto;
}

export class YunzhijiaNoticeDto {
  @ApiProperty({ example: '5bee684d-e4b0-4901-82ed-d75095b503ee' })
  noticeId!: string;

  @ApiProperty({ description: "The poster's display name", example: '张三' })
  creator!: string;

  @ApiProperty({ example: '群公告标题' })
  title!: string;

  @ApiProperty({ example: '群公告内容' })
  content!: string;

  @ApiProperty({ description: 'Epoch milliseconds', example: 1542350925132 })
  createTime!: number;
}

export class YunzhijiaNoticeEnvelopeDto extends YunzhijiaEnvelopeBase {
  @ApiProperty({ type: YunzhijiaNoticeDto })
  data!: YunzhijiaNoticeDto;
}

export class YunzhijiaBannerDto {
  @ApiProperty({ example: '5befb020-60b2-4c39-8d28-d6cdb5b503ee' })
  bannerId!: string;
}

export class YunzhijiaBannerEnvelopeDto extends YunzhijiaEnvelopeBase {
  @ApiProperty({ type: YunzhijiaBannerDto })
  data!: YunzhijiaBannerDto;
}

export class YunzhijiaMergeEnvelopeDto {
  @ApiProperty({ example: 'no error' })
  error!: string;

  @ApiProperty({
    description: 'The mergeId (open it at `/imbu/chat/history.html?mid=`)',
    example: '5bed0bc8-84ae-4b31-8c68-b7c97f5b503e',
  })
  data!: string;

  @ApiProperty({ example: 200 })
  errorCode!: number;

  @ApiProperty({ example: true })
  success!: boolean;
}

export class YunzhijiaGroupUsersDto {
  @ApiProperty({ description: 'The owner, then the managers', example: [USER_ID] })
  managerIds!: string[];

  @ApiProperty({ description: 'Every current member', example: [USER_ID, GROUP_ID] })
  participantIds!: string[];
}

export class YunzhijiaGroupUsersEnvelopeDto extends YunzhijiaEnvelopeBase {
  @ApiProperty({ type: YunzhijiaGroupUsersDto })
  data!: YunzhijiaGroupUsersDto;
}

export class YunzhijiaErrorDto {
  @ApiProperty({ type: Object, nullable: true, example: null })
  data!: null;

  @ApiProperty({
    description: 'The localized reason (naming the fields of a bad request)',
    example: 'The request is not valid: title must be at most 40 characters long',
  })
  error!: string;

  @ApiProperty({ description: 'The HTTP status', example: 400 })
  errorCode!: number;

  @ApiProperty({ example: false })
  success!: boolean;
}

/** `history.html?mid=&eid=`: `eid` (the seed's enterprise id) has no Party meaning and is ignored. */
export class YunzhijiaHistoryPageQueryDto {
  @ApiProperty({ description: 'The merge id', example: '5bed0bc8-84ae-4b31-8c68-b7c97f5b503e' })
  @IsDefined()
  @IsId()
  mid!: string;

  @ApiPropertyOptional({ description: 'Ignored', example: '10109' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  eid?: string;
}
