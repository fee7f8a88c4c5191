import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { PersonDto } from '../../common/people/person.dto';

/** Seed 003: an announcement holds at most 512 characters (Unicode code points). */
export const ANNOUNCEMENT_MAX = 512;

export class UpdateAnnouncementDto {
  @ApiProperty({
    description: `The new announcement, at most ${ANNOUNCEMENT_MAX} characters; an empty string clears it`,
    maxLength: ANNOUNCEMENT_MAX,
    example: '本周六上午十点团建，请大家准时参加。',
  })
  @IsDefined()
  @MaxLength(ANNOUNCEMENT_MAX)
  @IsString()
  announcement!: string;
}

export class AnnouncementDto {
  @ApiProperty({ example: '0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  group_id!: string;

  @ApiProperty({
    description: 'The announcement; an empty string when there is none',
    example: '本周六上午十点团建，请大家准时参加。',
  })
  announcement!: string;

  @ApiProperty({
    type: PersonDto,
    nullable: true,
    description: 'Who set it last; null if never set',
  })
  updated_by!: PersonDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-05-01T08:10:30Z',
  })
  updated_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026年5月1日 16:10' })
  updated_at_string?: string | null;
}
