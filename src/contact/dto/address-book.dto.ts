import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { PersonDto } from '../../common/people/person.dto';
import { findUnstorableInput } from '../../common/validation/storable-text';

export const ADDRESS_BOOK_MAX_ENTRIES = 5000;
/** The name becomes the friendship's contact name, which holds 64. */
export const ADDRESS_BOOK_NAME_MAX = 64;
export const ADDRESS_BOOK_NUMBER_MAX = 32;

export class AddressBookContactDto {
  @ApiProperty({ minLength: 1, maxLength: ADDRESS_BOOK_NAME_MAX, example: '涂马云' })
  @IsString()
  @Length(1, ADDRESS_BOOK_NAME_MAX)
  name!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: ADDRESS_BOOK_NUMBER_MAX,
    description:
      'As written in the book: international (`+86 151-5816-6372`) or local to your country code (`15158166372`)',
    example: '+86 151-5816-6372',
  })
  @IsString()
  @Length(1, ADDRESS_BOOK_NUMBER_MAX)
  number!: string;
}

/**
 * Form bodies send `contacts` as a JSON string (as the seed does). Nested objects are turned
 * into instances after this runs, so a parsed list is converted here.
 */
function parseJsonString({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  // The global check saw only a string: what it held is checked the same way here.
  const problem = findUnstorableInput(parsed, 'contacts');
  if (problem) throw new ValidationFailedError([problem]);
  return Array.isArray(parsed)
    ? parsed.map((item: unknown) =>
        item !== null && typeof item === 'object'
          ? plainToInstance(AddressBookContactDto, item)
          : item,
      )
    : parsed;
}

export class UploadAddressBookDto {
  @ApiProperty({
    type: [AddressBookContactDto],
    maxItems: ADDRESS_BOOK_MAX_ENTRIES,
    description: `Your whole address book (replaces the previous upload), at most ${ADDRESS_BOOK_MAX_ENTRIES} entries; a JSON string in form bodies`,
  })
  @Transform(parseJsonString)
  @IsArray()
  @ArrayMaxSize(ADDRESS_BOOK_MAX_ENTRIES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AddressBookContactDto)
  contacts!: AddressBookContactDto[];
}

export class AddressBookMatchDto {
  @ApiProperty({ description: 'His name in your address book', example: '涂马云' })
  name!: string;

  @ApiProperty({ description: 'The number, normalized to E.164', example: '+8615158166372' })
  number!: string;

  @ApiProperty({ type: PersonDto, description: 'The registered user with that number' })
  user!: PersonDto;
}

export class AddressBookUploadResultDto {
  @ApiProperty({ description: 'Entries stored (distinct valid numbers)', example: 2 })
  stored_count!: number;

  @ApiProperty({
    description: 'Entries whose number could not be read as a phone number (not stored)',
    example: 0,
  })
  invalid_count!: number;

  @ApiProperty({
    type: [AddressBookMatchDto],
    description: 'The registered users the book matches',
  })
  registered_contacts!: AddressBookMatchDto[];
}
