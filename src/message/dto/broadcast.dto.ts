import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean } from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { MESSAGE_TYPES, MessageFieldsDto, toList } from './message.dto';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

/** Form bodies send booleans as strings. */
function toBoolean(value: unknown): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

export class BroadcastDto extends OmitType(MessageFieldsDto, ['parent_id'] as const) {
  @ApiPropertyOptional({
    type: [String],
    maxItems: 10000,
    description: 'The recipients (or all_friends)',
    example: ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '3f2b8c1d-9e4a-4b6c-8d7e-1a2b3c4d5e6f'],
  })
  @IsOptionalNotNull()
  @Transform(({ value }) => toList(value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsId({ each: true })
  user_ids?: string[];

  @ApiPropertyOptional({
    description: 'Every friend of the sender (instead of user_ids)',
    example: false,
  })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => toBoolean(value))
  @IsBoolean()
  all_friends?: boolean;

  @ApiPropertyOptional({
    description: 'App tokens (party_admin) only: the user the broadcast is sent as',
    example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  @IsOptionalNotNull()
  @IsId()
  sender_id?: string;
}

export class BroadcastResultDto {
  @ApiProperty({ example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  sender_id!: string;

  @ApiProperty({
    description: 'Private messages stored (one per recipient who may receive it)',
    example: 120,
  })
  recipient_count!: number;

  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'MessageType', example: 'text' })
  message_type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Happy new year!' })
  content!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}
