import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ToNumber } from '../../common/validation/to-number';
import { IsInt, Max, Min } from 'class-validator';
import { DEFAULT_PER_PAGE, PageQueryDto } from '../../common/pagination/pagination';
import { PersonDto } from '../../common/people/person.dto';

/** Seed 003 lets a page of shared files hold up to 1,000 entries. */
export const SHARE_FILE_MAX_PER_PAGE = 1000;

/** `page` and `per_page` as everywhere, but `per_page` goes up to 1,000 here. */
export class ShareFilePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: SHARE_FILE_MAX_PER_PAGE,
    default: DEFAULT_PER_PAGE,
    example: 100,
  })
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(SHARE_FILE_MAX_PER_PAGE)
  override per_page: number = DEFAULT_PER_PAGE;
}

export class UploadShareFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file, at most 10 MiB' })
  file!: unknown;

  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    example: true,
    description:
      'true: members only; false: anyone with a `party_file` token and the link. The `restrict-access` header does the same; this field wins when both are sent.',
  })
  restrict_access?: boolean;
}

export class ShareFileDto {
  @ApiProperty({ example: 'c6906aa0-ed19-41ea-b480-f3cf141d15c0' })
  id!: string;

  @ApiProperty({
    description: "Same as `id` (the seed's name)",
    example: 'c6906aa0-ed19-41ea-b480-f3cf141d15c0',
  })
  file_id!: string;

  @ApiProperty({ example: '0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  group_id!: string;

  @ApiProperty({ description: 'The uploaded name, sanitized', example: '季度报告.pdf' })
  file_name!: string;

  @ApiProperty({ description: 'Bytes', example: 13512 })
  file_size!: number;

  @ApiProperty({ description: 'Detected from the content', example: 'application/pdf' })
  content_type!: string;

  @ApiProperty({
    description: 'SHA-256 of the bytes, hex',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  })
  sha256!: string;

  @ApiProperty({ description: 'true: members only', example: true })
  restrict_access!: boolean;

  @ApiProperty({ type: PersonDto, description: 'Who uploaded it' })
  file_owner!: PersonDto;

  @ApiProperty({
    description: 'Where to download it (absolute when PUBLIC_URL is configured)',
    example:
      'https://party.example.com/api/party/groups/0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c/share-files/c6906aa0-ed19-41ea-b480-f3cf141d15c0/content',
  })
  file_url!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-05-01T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年5月1日 16:10' })
  created_at_string?: string;
}
