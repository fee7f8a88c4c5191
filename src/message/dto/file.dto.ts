import { ApiProperty } from '@nestjs/swagger';
import { AttachmentDto } from './message.dto';

export class MessageFileDto extends AttachmentDto {
  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

/** Documents the multipart body of `POST files`. */
export class UploadFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file (one per request)' })
  file!: unknown;
}
