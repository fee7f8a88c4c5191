import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { PageQueryDto } from '../../common/pagination/pagination';
import { PersonDto } from '../../common/people/person.dto';
import { MERGE_REQUEST_STATES, MergeRequestState } from '../entities/group-merge-request.entity';

export class CreateGroupMergeRequestDto {
  @ApiProperty({
    description: 'The group to merge into',
    example: '81c6ba89-00ab-4431-8e47-063556ae4886',
  })
  @IsId()
  target_group_id!: string;
}

export class GroupMergeRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MERGE_REQUEST_STATES, example: 'pending' })
  @IsOptional()
  @IsIn(MERGE_REQUEST_STATES)
  state?: MergeRequestState;
}

export class GroupRefDto {
  @ApiProperty({ example: '81c6ba89-00ab-4431-8e47-063556ae4886' })
  id!: string;

  @ApiProperty({ example: '研发部' })
  name!: string;
}

export class GroupMergeRequestDto {
  @ApiProperty({ example: '0d9d7a4e-3c55-4c1e-8d0a-8b1f5f3e2a10' })
  id!: string;

  @ApiProperty({ type: GroupRefDto, description: 'The group that would be merged (and dissolved)' })
  source_group!: GroupRefDto;

  @ApiProperty({ type: GroupRefDto, description: 'The group the members would join' })
  target_group!: GroupRefDto;

  @ApiProperty({ type: PersonDto })
  requester!: PersonDto;

  @ApiProperty({
    enum: ['incoming', 'outgoing'],
    description: '`incoming` when you own the target group, `outgoing` when you asked',
    example: 'incoming',
  })
  direction!: 'incoming' | 'outgoing';

  @ApiProperty({ enum: MERGE_REQUEST_STATES, example: 'pending' })
  state!: MergeRequestState;

  @ApiProperty({ type: String, description: 'Localized by `Accept-Language`', example: '待处理' })
  state_string!: Label;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  decided_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  decided_at_string!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}
