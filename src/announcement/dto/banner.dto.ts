import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength, registerDecorator } from 'class-validator';
import { PersonDto } from '../../common/people/person.dto';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const BANNER_TITLE_MAX = 100;
export const BANNER_TEXT_MAX = 2000;
export const BANNER_URL_MAX = 2048;
export const BANNER_LIGHT_APP_ID_MAX = 64;

/**
 * Schemes `webpage_url` may use. The seed allows "all common schemes"; Party allows the web, mail,
 * phone and SMS links and its own app links (`party:`), and refuses everything else (notably
 * `javascript:`, `data:`, `vbscript:`, `file:` and `blob:`, which a client could execute).
 */
export const WEBPAGE_URL_SCHEMES = ['http', 'https', 'mailto', 'tel', 'sms', 'party'] as const;

/** True for an absolute URL whose scheme is allowed (web URLs need a host). */
export function isWebpageUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) return false;
  if (Array.from(value).some((c) => (c.codePointAt(0) ?? 0) < 0x20)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!(WEBPAGE_URL_SCHEMES as readonly string[]).includes(scheme)) return false;
  if (scheme === 'http' || scheme === 'https') return url.hostname.length > 0;
  return url.href.length > url.protocol.length;
}

function IsWebpageUrl(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWebpageUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: isWebpageUrl,
        defaultMessage: () => `must use one of: ${WEBPAGE_URL_SCHEMES.join(', ')}`,
      },
    });
}

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateBannerDto {
  @ApiPropertyOptional({ maxLength: BANNER_TITLE_MAX, example: '本周活动' })
  @IsOptionalNotNull()
  @MaxLength(BANNER_TITLE_MAX)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ maxLength: BANNER_TEXT_MAX, example: '周六上午十点，公司楼下集合' })
  @IsOptionalNotNull()
  @MaxLength(BANNER_TEXT_MAX)
  @IsString()
  content?: string;

  @ApiPropertyOptional({
    description: 'Thumbnail image, http(s)',
    maxLength: BANNER_URL_MAX,
    example: 'https://cdn.example.com/banners/thumb.png',
  })
  @IsOptionalNotNull()
  @MaxLength(BANNER_URL_MAX)
  @IsUrl(HTTP_URL)
  @IsString()
  thumb_url?: string;

  @ApiPropertyOptional({
    description: `Opened on tap; schemes ${WEBPAGE_URL_SCHEMES.join(', ')}`,
    maxLength: BANNER_URL_MAX,
    example: 'https://www.example.com/events/42',
  })
  @IsOptionalNotNull()
  @MaxLength(BANNER_URL_MAX)
  @IsWebpageUrl()
  @IsString()
  webpage_url?: string;

  @ApiPropertyOptional({ maxLength: BANNER_TEXT_MAX, example: '报名截止周五' })
  @IsOptionalNotNull()
  @MaxLength(BANNER_TEXT_MAX)
  @IsString()
  primary_content?: string;

  @ApiPropertyOptional({
    description: 'Chart image, http(s); shown instead of the text when present',
    maxLength: BANNER_URL_MAX,
    example: 'https://cdn.example.com/banners/chart.png',
  })
  @IsOptionalNotNull()
  @MaxLength(BANNER_URL_MAX)
  @IsUrl(HTTP_URL)
  @IsString()
  content_url?: string;

  @ApiPropertyOptional({ maxLength: BANNER_LIGHT_APP_ID_MAX, example: '101091520' })
  @IsOptionalNotNull()
  @MaxLength(BANNER_LIGHT_APP_ID_MAX)
  @IsString()
  light_app_id?: string;
}

export class BannerDto {
  @ApiProperty({ example: '7c1f3c2e-1d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  id!: string;

  @ApiProperty({ example: '0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c' })
  group_id!: string;

  @ApiProperty({ type: PersonDto })
  creator!: PersonDto;

  @ApiProperty({ type: String, nullable: true, example: '本周活动' })
  title!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '周六上午十点，公司楼下集合' })
  content!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://cdn.example.com/banners/thumb.png',
  })
  thumb_url!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'https://www.example.com/events/42' })
  webpage_url!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '报名截止周五' })
  primary_content!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://cdn.example.com/banners/chart.png',
  })
  content_url!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '101091520' })
  light_app_id!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-05-01T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年5月1日 16:10' })
  created_at_string?: string;
}
