import { ApiProperty } from '@nestjs/swagger';

/** Examples shared by the contact DTOs. */
export const EXAMPLE_IDS = {
  user: '5b6cea82-e4b0-4df0-9b3e-fc2b5bee6706',
  friend: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  request: '0d4c7a0e-5b51-4b0e-8f53-6d0f2b1c9a11',
  friendship: '9a3e2d51-0b7c-4f3a-a1f2-3c4d5e6f7a8b',
  list: '2c1b0a9f-8e7d-4c6b-9a5f-4e3d2c1b0a99',
};

export const EXAMPLE_TIME = '2026-11-22T08:10:30Z';
export const EXAMPLE_TIME_STRING = '2026年11月22日 16:10:30 [GMT+8]';

/** Form bodies send everything as strings: an empty string means "no value". */
export function emptyToNull({ value }: { value: unknown }): unknown {
  return value === '' ? null : value;
}

/** `created_at` / `updated_at` with their localized strings. */
export class ContactTimestampsDto {
  @ApiProperty({ example: EXAMPLE_TIME })
  created_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  created_at_string!: string;

  @ApiProperty({ example: EXAMPLE_TIME })
  updated_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  updated_at_string!: string;
}
