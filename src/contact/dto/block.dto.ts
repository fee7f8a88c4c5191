import { ApiProperty } from '@nestjs/swagger';
import { PersonDto } from '../../common/people/person.dto';
import { IsId } from '../../common/validation/is-id';
import { EXAMPLE_IDS, EXAMPLE_TIME, EXAMPLE_TIME_STRING } from './common';

export class CreateBlockDto {
  @ApiProperty({ description: 'The user to block', example: EXAMPLE_IDS.friend })
  @IsId()
  user_id!: string;
}

export class BlockDto {
  @ApiProperty({ type: PersonDto, description: 'The blocked user' })
  user!: PersonDto;

  @ApiProperty({ description: 'When you blocked him', example: EXAMPLE_TIME })
  created_at!: Date;

  @ApiProperty({ example: EXAMPLE_TIME_STRING })
  created_at_string!: string;
}
