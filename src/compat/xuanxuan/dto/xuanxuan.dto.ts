import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';

/** The query of every call: `m`, `f`, the app's `code` and its `token`. */
export class XuanxuanQueryDto {
  @ApiProperty({ description: 'Module', example: 'chat' })
  @IsDefined()
  @IsString()
  m!: string;

  @ApiProperty({ description: 'Function', example: 'getChatGroups' })
  @IsDefined()
  @IsString()
  f!: string;

  @ApiProperty({ description: "The app's code (its `code` setting)", example: 'myAppCode' })
  @IsDefined()
  @IsString()
  @MaxLength(100)
  code!: string;

  @ApiProperty({
    description: 'A token of the system app (`party_admin` for reads, `party_notify` to push)',
    example: 'f5633c34c0c551a16c1d63bceb38d6a8',
  })
  @IsDefined()
  @IsString()
  token!: string;
}

export class XuanxuanUsersQueryDto extends XuanxuanQueryDto {
  @ApiPropertyOptional({
    description: "A group's id: its current members; every user when absent or empty",
    example: '30683aea-7a1f-4ec8-a6d6-834e0310fd7d',
  })
  @IsOptional()
  @IsString()
  gid?: string;
}

export class XuanxuanNotifyBodyDto {
  @ApiProperty({
    description:
      'The notification as a JSON string: `receiver` (users | group), `gid` or `userList`, `title`, `subtitle` (or `subTitle`), `content`, `contentType` (plain | text = Markdown), `url`, `actions` [{label, icon, url, type}], `sender` {id, name, avatar}',
    example:
      '{"receiver":"group","gid":"f3de9ff9-dcb4-49de-915b-377ee9143418","title":"测试通知消息","contentType":"text","content":"**测试消息**内容"}',
  })
  data!: string;
}

export class XuanxuanDirectoryDto {
  @ApiProperty({ example: 'success' })
  result!: string;

  @ApiProperty({
    description: 'id → name',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      '30683aea-7a1f-4ec8-a6d6-834e0310fd7d': '第四期项目讨论',
      '81c6ba89-00ab-4431-8e47-063556ae4886': '研发部',
    },
  })
  data!: Record<string, string>;
}

export class XuanxuanResultDto {
  @ApiProperty({ example: 'success' })
  result!: string;
}

export class XuanxuanErrorDto {
  @ApiProperty({ example: 'fail' })
  result!: string;

  @ApiProperty({
    description: 'The localized reason, naming bad fields',
    example: 'The group was not found',
  })
  message!: string;
}
