import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { IsUsername } from '../../../auth/dto/auth.dto';
import { MAX_INT4 } from '../../../common/validation/limits';
import { IsOptionalNotNull } from '../../../common/validation/optional-not-null';
import { ToNumber } from '../../../common/validation/to-number';
import { CatchChatMeDto } from './catchchat-user.dto';

/** Push channels of the seed (`official=0, company=1, local=2`). */
export const CATCHCHAT_CLIENTS = [0, 1, 2] as const;

const mobileField = () =>
  ApiProperty({ description: 'Mobile number, national form', example: '15158166372' });

const phoneCodeField = () => ApiProperty({ description: 'Country calling code', example: '86' });

class LifetimeFields {
  @ApiPropertyOptional({
    description: 'Seconds the token lives; 0 = never expires',
    minimum: 0,
    maximum: MAX_INT4,
    example: 3600,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  expiring?: number;

  @ApiPropertyOptional({
    enum: CATCHCHAT_CLIENTS,
    description: 'Push channel (official=0, company=1, local=2); accepted, Party has no push',
    example: 2,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsIn(CATCHCHAT_CLIENTS)
  client?: number;
}

export class TokenByLoginDto extends LifetimeFields {
  @ApiProperty({ description: 'Username, email or mobile number', example: 'your_login_name' })
  @IsString()
  @Length(1, 254)
  login!: string;

  @ApiProperty({ example: 'yourpassword' })
  @IsString()
  @Length(1, 128)
  password!: string;
}

export class CatchChatLoginTokenDto {
  @ApiProperty({ example: 'your_login_name' })
  login!: string;

  @ApiProperty({ example: 'p7DvqB4MoT5ux-B1xg' })
  access_token!: string;
}

class OptionalPhoneCode {
  @ApiPropertyOptional({ description: 'Country calling code (86 when absent)', example: '86' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code?: string;
}

export class CatchChatSendVerifyCodeDto extends OptionalPhoneCode {
  @mobileField()
  @IsString()
  @Matches(/^\+?[\d\s-]{4,20}$/)
  mobile!: string;
}

export class CatchChatMobileDto {
  @ApiProperty({ example: '15158166372' })
  mobile!: string;
}

export class TokenByMobileDto extends LifetimeFields {
  @mobileField()
  @IsString()
  @Matches(/^\+?[\d\s-]{4,20}$/)
  mobile!: string;

  @ApiPropertyOptional({ description: 'Country calling code (86 when absent)', example: '86' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code?: string;

  @ApiProperty({ description: 'The code the SMS carried', example: '472913' })
  @IsString()
  @Matches(/^\d{4,8}$/)
  verify_code!: string;
}

export class CatchChatMobileTokenDto {
  @ApiProperty({ example: '15158166372' })
  mobile!: string;

  @ApiProperty({ example: 'p7DvqB4MoT5ux-B1xg' })
  access_token!: string;
}

export class RegistrationCreateDto {
  @mobileField()
  @IsString()
  @Matches(/^[\d\s-]{4,20}$/)
  mobile!: string;

  @phoneCodeField()
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code!: string;

  @ApiProperty({ description: '4-16 letters and digits, unique', example: 'tumayun' })
  @Validate(IsUsername)
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct horse battery' })
  @IsString()
  @Length(8, 128)
  password!: string;
}

export class RegistrationStartedDto {
  @ApiProperty({ example: '15158166372' })
  mobile!: string;

  @ApiProperty({ example: '86' })
  phone_code!: string;

  @ApiProperty({ example: 'tumayun' })
  username!: string;
}

export class RegistrationUpdateDto {
  @mobileField()
  @IsString()
  @Matches(/^[\d\s-]{4,20}$/)
  mobile!: string;

  @phoneCodeField()
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code!: string;

  @ApiProperty({ example: 'tumayun' })
  @Validate(IsUsername)
  username!: string;

  @ApiProperty({ description: 'The code the SMS carried', example: '472913' })
  @IsString()
  @Matches(/^\d{4,8}$/)
  token!: string;
}

export class RegistrationDoneDto {
  @ApiProperty({ example: 'p7DvqB4MoT5ux-B1xg' })
  access_token!: string;

  @ApiProperty({ type: CatchChatMeDto })
  user!: CatchChatMeDto;
}
