import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ToNumber } from '../../common/validation/to-number';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_INT4 } from '../../common/validation/limits';
import { PersonDto } from '../../common/people/person.dto';
import { MessageDto } from './message.dto';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const MAX_MERGED_MESSAGES = 1000;

export class CreateMergedHistoryDto {
  @ApiPropertyOptional({
    maximum: MAX_INT4,
    description: 'First seq to copy (default: as far back as allowed)',
    example: 1,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  from_seq?: number;

  @ApiPropertyOptional({
    maximum: MAX_INT4,
    description: 'Last seq to copy (default: the newest)',
    example: 200,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  to_seq?: number;
}

export class MergedHistoryCreatedDto {
  @ApiProperty({ example: '5bed0bc8-84ae-4b31-8c68-b7c97f000001' })
  merge_id!: string;

  @ApiProperty({
    example: '/h/5bed0bc8-84ae-4b31-8c68-b7c97f000001',
    description: 'The HTML page (for the QR code)',
  })
  url!: string;

  @ApiProperty({ example: 150 })
  message_count!: number;
}

export class MergedHistoryDto {
  @ApiProperty({ example: '5bed0bc8-84ae-4b31-8c68-b7c97f000001' })
  merge_id!: string;

  @ApiProperty({ example: '9a0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  group_id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Hikers' })
  group_name!: string | null;

  @ApiProperty({ type: PersonDto, nullable: true })
  creator!: PersonDto | null;

  @ApiProperty({ example: 1 })
  from_seq!: number;

  @ApiProperty({ example: 200 })
  to_seq!: number;

  @ApiProperty({ type: [MessageDto], description: 'The frozen copy, oldest first' })
  messages!: MessageDto[];

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}
