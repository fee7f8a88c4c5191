import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { Label } from '../../../common/i18n/label';
import { IsOptionalNotNull } from '../../../common/validation/optional-not-null';

export const CATCHCHAT_AVATAR = 'http://catch-avatars.qiniudn.com/sJAUYG6nc84glXkq.jpg';

/** The signed-in user (`GET /api/v4/user`). */
export class CatchChatMeDto {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ example: 'tumayun' })
  name!: string;

  @ApiProperty({ example: 'tumayun' })
  username!: string;

  @ApiProperty({ example: 'tumayun' })
  nickname!: string;

  @ApiProperty({ type: String, nullable: true, example: '86' })
  phone_code!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '15158166372' })
  mobile!: string | null;

  @ApiProperty({ example: true })
  mobile_verified!: boolean;

  @ApiProperty({ description: 'IANA time zone', example: 'Asia/Shanghai' })
  time_zone!: string;

  @ApiProperty({ description: '1 = active (Party accounts have no other state)', example: 1 })
  state!: number;

  @ApiProperty({ type: String, example: '活跃' })
  state_string!: Label;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;
}

export class UpdateCatchChatMeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: 'Tumayun' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  nickname?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  avatar_url?: string | null;
}

/** Someone in a search (`users/search`). */
export class CatchChatUserDto {
  @ApiProperty({ example: 24003 })
  id!: number;

  @ApiProperty({
    description: 'remarked_name || contact_name || nickname || username',
    example: 'Tumayun',
  })
  name!: string;

  @ApiProperty({ example: 'tumayun' })
  username!: string;

  @ApiProperty({ example: 'Tumayun' })
  nickname!: string;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;
}

export class CatchChatUserListDto {
  @ApiProperty({ type: [CatchChatUserDto] })
  users!: CatchChatUserDto[];

  @ApiProperty({ example: 1 })
  current_page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ description: 'Items in the whole list', example: 1 })
  count!: number;
}

export class UsernameValidateQueryDto {
  @ApiProperty({ example: 'tumayun' })
  @IsString()
  @MaxLength(64)
  username!: string;
}

export class MobileValidateQueryDto {
  @ApiProperty({ example: '86' })
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code!: string;

  @ApiProperty({ example: '15158166372' })
  @IsString()
  @MaxLength(32)
  mobile!: string;
}

export class CatchChatAvailabilityDto {
  @ApiProperty({ example: false })
  available!: boolean;

  @ApiPropertyOptional({
    type: String,
    description: 'Only when not available',
    example: '用户名已经被使用',
  })
  message?: Label;
}

const smsCode = () => ApiProperty({ description: 'The code the SMS carried', example: '131421' });

export class CheckVerifyCodeDto {
  @smsCode()
  @IsString()
  @Matches(/^\d{4,8}$/)
  token!: string;
}

export class NewMobileDto {
  @ApiProperty({ example: '86' })
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code!: string;

  @ApiProperty({ example: '15158166372' })
  @IsString()
  @Matches(/^[\d\s-]{4,20}$/)
  mobile!: string;
}

export class UpdateMobileDto extends NewMobileDto {
  @smsCode()
  @IsString()
  @Matches(/^\d{4,8}$/)
  token!: string;
}
