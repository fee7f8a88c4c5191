import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { VERIFY_CODE_PURPOSES, VerifyCodePurpose } from '../verify-code.service';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const USERNAME_PATTERN = /^[A-Za-z0-9]{4,16}$/;

@ValidatorConstraint({ name: 'isUsername' })
export class IsUsername implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && USERNAME_PATTERN.test(value);
  }

  defaultMessage(): string {
    return '$property must be 4 to 16 letters and digits';
  }
}

class PhoneFields {
  @ApiProperty({ description: 'Country calling code', example: '86' })
  @IsString()
  @Matches(/^\+?\d{1,4}$/)
  phone_code!: string;

  @ApiProperty({ description: 'National mobile number', example: '15158166372' })
  @IsString()
  @Matches(/^[\d\s-]{4,20}$/)
  mobile!: string;
}

export class SendVerifyCodeDto extends PhoneFields {
  @ApiProperty({ enum: VERIFY_CODE_PURPOSES, example: 'register' })
  @IsIn(VERIFY_CODE_PURPOSES)
  purpose!: VerifyCodePurpose;
}

export class VerifyCodeSentDto {
  @ApiProperty({ description: 'The number the code went to, E.164', example: '+8615158166372' })
  mobile!: string;

  @ApiProperty({ enum: VERIFY_CODE_PURPOSES, example: 'register' })
  purpose!: string;

  @ApiProperty({ example: '2026-11-22T08:15:30Z' })
  expires_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:15:30 [GMT+8]' })
  expires_at_string!: string;
}

const verifyCodeField = () =>
  ApiProperty({ description: 'The code the SMS carried', example: '472913' });

export class RegisterDto extends PhoneFields {
  @ApiProperty({
    description: '4-16 letters and digits, unique ignoring case',
    example: 'lilei2024',
  })
  @Validate(IsUsername)
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct horse battery' })
  @IsString()
  @Length(8, 128)
  password!: string;

  @verifyCodeField()
  @IsString()
  @Matches(/^\d{4,8}$/)
  verify_code!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: '李雷' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  nickname?: string;
}

export class ChangeMobileDto extends PhoneFields {
  @ApiPropertyOptional({
    description:
      'Code sent (purpose `change_mobile`) to your current number; required when you have one',
    example: '120934',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\d{4,8}$/)
  old_verify_code?: string;

  @verifyCodeField()
  @IsString()
  @Matches(/^\d{4,8}$/)
  verify_code!: string;
}

export class UsernameAvailabilityQueryDto {
  @ApiProperty({ example: 'lilei2024' })
  @IsString()
  @MaxLength(64)
  username!: string;
}

export class MobileAvailabilityQueryDto extends PhoneFields {}

export class AvailabilityDto {
  @ApiProperty({ example: false })
  available!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['username_taken', 'username_invalid', 'mobile_taken', 'mobile_invalid'],
    example: 'username_taken',
  })
  code!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Localized by `Accept-Language`',
    example: '用户名已经被使用',
  })
  message!: Label | null;
}

export class UserSearchQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Part of a username or nickname', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  q!: string;
}
