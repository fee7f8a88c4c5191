import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  Validate,
} from 'class-validator';
import { IsTimeZone } from '../../common/validation/is-time-zone';
import { SUPPORTED_LOCALES } from '../../common/i18n/locale';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

/** The signed-in user's own profile (private fields included). */
export class UserProfileDto {
  @ApiProperty({ example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ example: 'lilei2024' })
  username!: string;

  @ApiProperty({ example: '李雷' })
  nickname!: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://cdn.example.com/a/lilei.png' })
  avatar_url!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'lilei@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'E.164', example: '+8615158166372' })
  mobile!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '86' })
  phone_code!: string | null;

  @ApiProperty({
    description: 'IANA time zone used for `*_string` times',
    example: 'Asia/Shanghai',
  })
  time_zone!: string;

  @ApiProperty({ type: String, nullable: true, enum: SUPPORTED_LOCALES, example: 'zh-CN' })
  locale!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class UpdateUserProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: '李雷' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  nickname?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://cdn.example.com/a/lilei.png',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  avatar_url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'lilei@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptionalNotNull()
  @Validate(IsTimeZone)
  time_zone?: string;

  @ApiPropertyOptional({
    enum: SUPPORTED_LOCALES,
    nullable: true,
    description: 'Language for requests that send no `Accept-Language`; null: English',
    example: 'zh-CN',
  })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: string | null;
}
