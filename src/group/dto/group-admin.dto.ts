import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { PageQueryDto } from '../../common/pagination/pagination';

export class AdminGroupDto {
  @ApiProperty({ example: '30683aea-7a1f-4ec8-a6d6-834e0310fd7d' })
  id!: string;

  @ApiProperty({ example: '第四期项目讨论' })
  name!: string;

  @ApiProperty({ example: '5b503ee9-e4b0-42ab-b531-8b23e5b6cea8' })
  owner_id!: string;

  @ApiProperty({ enum: ['active', 'dissolved'], example: 'active' })
  status!: 'active' | 'dissolved';

  @ApiProperty({ type: String, description: 'Localized by `Accept-Language`', example: '正常' })
  status_string!: Label;

  @ApiProperty({ example: 3 })
  member_count!: number;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class AdminUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: "Only this group's current members; every user of the system when absent",
    example: '30683aea-7a1f-4ec8-a6d6-834e0310fd7d',
  })
  @IsOptional()
  @IsId()
  group_id?: string;
}
