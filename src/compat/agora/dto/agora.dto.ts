import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

const GROUP_ID = '66021836-7836-4170-8d2a-3f5c9b1e0a41';
const FILE_ID = 'c6906aa0-ed19-41ea-b480-f3cf141d15c0';
const APP_ID = '8be024f0-7c1d-4e2a-b697-5d598d5f8402';

/** `pagenum` and `pagesize` go to the native page rules (`page`, `per_page` up to 1000). */
export class AgoraPageQueryDto {
  @ApiPropertyOptional({ description: 'Page, from 1', example: '1' })
  @Allow()
  pagenum?: string;

  @ApiPropertyOptional({ description: 'Files a page, 1-1000 (default 1000)', example: '10' })
  @Allow()
  pagesize?: string;
}

export class AgoraAnnouncementBodyDto {
  @ApiProperty({ description: 'At most 512 characters; empty clears it', example: '群组公告…' })
  announcement!: string;
}

export class AgoraAnnouncementDto {
  @ApiProperty({ example: '群组公告...' })
  announcement!: string;
}

export class AgoraAnnouncementSetDto {
  @ApiProperty({ example: GROUP_ID })
  id!: string;

  @ApiProperty({ example: true })
  result!: boolean;
}

export class AgoraListedFileDto {
  @ApiProperty({ example: FILE_ID })
  file_id!: string;

  @ApiProperty({ example: '159781149272586.jpg' })
  file_name!: string;

  @ApiProperty({ description: "The uploader's user id", example: APP_ID })
  file_owner!: string;

  @ApiProperty({ description: 'Bytes', example: 326127 })
  file_size!: number;

  @ApiProperty({ description: 'Epoch milliseconds', example: 1597811492594 })
  created!: number;
}

export class AgoraFileDto {
  @ApiProperty({
    description: "Party's download address of the bytes (a `party_file` token reads it)",
    example: `https://party.example.com/api/party/groups/${GROUP_ID}/share-files/${FILE_ID}/content`,
  })
  file_url!: string;

  @ApiProperty({ example: GROUP_ID })
  group_id!: string;

  @ApiProperty({ example: 'img_3.jpg' })
  file_name!: string;

  @ApiProperty({ description: 'Epoch milliseconds', example: 1599050554954 })
  created!: number;

  @ApiProperty({ example: FILE_ID })
  file_id!: string;

  @ApiProperty({ description: 'Bytes', example: 13512 })
  file_size!: number;
}

export class AgoraFileDeletedDto {
  @ApiProperty({ example: GROUP_ID })
  group_id!: string;

  @ApiProperty({ example: FILE_ID })
  file_id!: string;

  @ApiProperty({ example: true })
  result!: boolean;
}

export class AgoraUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file, at most 10 MiB' })
  file!: unknown;
}

/** The envelope's fields around `data` (documented per route with its `data`). */
class AgoraEnvelopeBase {
  @ApiProperty({ description: 'The HTTP method, lower case', example: 'get' })
  action!: string;

  @ApiProperty({ description: "The Party app's id", example: APP_ID })
  application!: string;

  @ApiProperty({
    description: 'The request URL',
    example: `https://party.example.com/acme/chat/chatgroups/${GROUP_ID}/announcement`,
  })
  uri!: string;

  @ApiProperty({ type: [Object], example: [] })
  entities!: unknown[];

  @ApiProperty({ description: 'Epoch milliseconds', example: 1542363546590 })
  timestamp!: number;

  @ApiProperty({ description: 'Milliseconds spent', example: 0 })
  duration!: number;

  @ApiProperty({ example: 'acme' })
  organization!: string;

  @ApiProperty({ example: 'chat' })
  applicationName!: string;
}

export class AgoraAnnouncementEnvelopeDto extends AgoraEnvelopeBase {
  @ApiProperty({ type: AgoraAnnouncementDto })
  data!: AgoraAnnouncementDto;
}

export class AgoraAnnouncementSetEnvelopeDto extends AgoraEnvelopeBase {
  @ApiProperty({ type: AgoraAnnouncementSetDto })
  data!: AgoraAnnouncementSetDto;
}

export class AgoraFileListEnvelopeDto extends AgoraEnvelopeBase {
  @ApiPropertyOptional({
    description: 'The query parameters, echoed',
    example: { pagesize: ['10'], pagenum: ['1'] },
  })
  params?: Record<string, string[]>;

  @ApiProperty({ type: [AgoraListedFileDto] })
  data!: AgoraListedFileDto[];
}

export class AgoraFileEnvelopeDto extends AgoraEnvelopeBase {
  @ApiProperty({ type: AgoraFileDto })
  data!: AgoraFileDto;
}

export class AgoraFileDeletedEnvelopeDto extends AgoraEnvelopeBase {
  @ApiProperty({ type: AgoraFileDeletedDto })
  data!: AgoraFileDeletedDto;
}

export class AgoraErrorDto {
  @ApiProperty({ description: "Agora's error code", example: 'resource_not_found' })
  error!: string;

  @ApiProperty({ example: 'EasemobResourceNotFoundException' })
  exception!: string;

  @ApiProperty({ description: 'Epoch milliseconds', example: 1542363546590 })
  timestamp!: number;

  @ApiProperty({ example: 0 })
  duration!: number;

  @ApiProperty({
    description: 'The localized reason, naming the bad fields',
    example: 'The group was not found',
  })
  error_description!: string;
}
