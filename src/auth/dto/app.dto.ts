import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Scope, USER_SCOPES } from '../../common/http/request-principal';

/** An absolute URI without a fragment (RFC 6749 §3.1.2); http, https or an app's own scheme. */
export function isRedirectUri(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (
      !url.hash &&
      !value.includes('#') &&
      /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) &&
      !['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol)
    );
  } catch {
    return false;
  }
}

@ValidatorConstraint({ name: 'isRedirectUri' })
class IsRedirectUris implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every(isRedirectUri);
  }

  defaultMessage(): string {
    return '$property must be absolute URLs without a fragment';
  }
}

/** Form bodies send a list as repeated fields or one comma / space separated string. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;

export class CreateAppDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Team Calendar' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    type: [String],
    description:
      'Exact redirect URIs the authorization code flow may return to; none: the app can only use the password and SMS grants',
    example: ['https://calendar.example.com/oauth/callback'],
  })
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Validate(IsRedirectUris)
  redirect_uris!: string[];

  @ApiProperty({
    type: [String],
    enum: USER_SCOPES,
    description: 'The most the app may be granted (user scopes only, at least one)',
    minItems: 1,
    example: ['party_user', 'party_message'],
  })
  @Transform(toList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(USER_SCOPES, { each: true })
  scopes!: Scope[];
}

export class AppDto {
  @ApiProperty({ example: '0b9a4a53-4c55-4f6f-9b35-2d8c8f0d3c11' })
  id!: string;

  @ApiProperty({ example: 'party_4f0c7d1e9a2b3c4d5e6f7a8b' })
  client_id!: string;

  @ApiProperty({ example: 'Team Calendar' })
  name!: string;

  @ApiProperty({ type: [String], example: ['https://calendar.example.com/oauth/callback'] })
  redirect_uris!: string[];

  @ApiProperty({ type: [String], example: ['party_user', 'party_message'] })
  scopes!: string[];

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class CreatedAppDto extends AppDto {
  @ApiProperty({
    description: 'Shown this once; Party keeps only its SHA-256',
    example: 'xJ3l0oQ9cW1bq7fK2m8yZ5rV4tN6uP0sA1dE2gH3iJ4',
  })
  client_secret!: string;
}
