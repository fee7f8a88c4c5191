import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_TYPES } from './message.dto';

export class LastMessageDto {
  @ApiProperty({ example: '3d0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ example: 42 })
  seq!: number;

  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'MessageType', example: 'text' })
  message_type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'See you tomorrow' })
  content!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  sender_id!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class ContactListEntryDto {
  @ApiProperty({ enum: ['user', 'group'], example: 'user' })
  type!: 'user' | 'group';

  @ApiProperty({
    description: 'The user id or the group id',
    example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  id!: string;

  @ApiProperty({
    description: "Users: the caller's name for him; groups: the group name",
    example: '雷哥',
  })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://cdn.example.com/a/lilei.png' })
  avatar_url!: string | null;

  @ApiProperty({ description: '0 for a blocked group', example: 3 })
  unread_count!: number;

  @ApiProperty({ type: LastMessageDto, nullable: true })
  last_message!: LastMessageDto | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T08:10:30Z' })
  last_contacted_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026年11月22日 16:10:30 [GMT+8]' })
  last_contacted_at_string!: string | null;

  @ApiProperty({ example: false })
  pinned!: boolean;
}
