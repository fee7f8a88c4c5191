import { ApiProperty } from '@nestjs/swagger';
import { PersonDto } from '../../common/people/person.dto';

export class MayKnowPersonDto extends PersonDto {
  @ApiProperty({ description: 'How many friends you have in common', example: 4 })
  common_friend_count!: number;

  @ApiProperty({
    type: [String],
    description: 'Up to 5 of those common friends, as you call them',
    example: ['雷哥', 'tumayun'],
  })
  common_friend_names!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'His name in your address book, when his number is in it',
    example: '涂马云',
  })
  address_book_name!: string | null;
}
