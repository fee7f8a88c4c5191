import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';
import { PersonDto } from '../../common/people/person.dto';

/** Seed 002: a notice title has 1-40 characters, its content 1-2000 (Unicode code points). */
export const NOTICE_TITLE_MAX = 40;
export const NOTICE_CONTENT_MAX = 2000;

export class CreateNoticeDto {
  @ApiProperty({ minLength: 1, maxLength: NOTICE_TITLE_MAX, example: '群公告标题' })
  @IsDefined()
  @Length(1, NOTICE_TITLE_MAX)
  @IsString()
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: NOTICE_CONTENT_MAX, example: '群公告内容' })
  @IsDefined()
  @Length(1, NOTICE_CONTENT_MAX)
  @IsString()
  content!: string;
}

export class NoticeDto {
  @ApiProperty({ example: '5a0f3c2e-1d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  id!: string;

  @ApiProperty({ example: '0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  group_id!: string;

  @ApiProperty({ type: PersonDto, description: 'Who posted it (`name` is his display name)' })
  creator!: PersonDto;

  @ApiProperty({ example: '群公告标题' })
  title!: string;

  @ApiProperty({ example: '群公告内容' })
  content!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-05-01T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年5月1日 16:10' })
  created_at_string?: string;
}
