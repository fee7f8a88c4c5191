import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'username' })
  field!: string;

  @ApiProperty({ example: 'max_length' })
  code!: string;

  @ApiProperty({ example: 'username must be at most 16 characters long' })
  message!: string;
}

/** Every non-OAuth error answers with this body. */
export class ErrorEnvelopeDto {
  @ApiProperty({
    description: 'Human message, localized by Accept-Language',
    example: 'The request is not valid',
  })
  error!: string;

  @ApiProperty({ description: 'Stable snake_case code to branch on', example: 'validation_failed' })
  code!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];

  @ApiProperty({
    required: false,
    description: 'Present on 500s: quote it when reporting the problem',
    example: '0b6c0c1e-1f0e-4b43-9d4f-8f7b9f2c5a11',
  })
  error_id?: string;
}
