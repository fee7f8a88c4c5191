import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { Storage } from '../common/storage/storage';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MessageFileDto } from './dto/file.dto';
import { toAttachment } from './message-presenter';
import { MessageRepository } from './message.repository';
import './message.messages';

const MIB = 1024 * 1024;

/** image | video | audio | file, from the detected content type. */
export function kindOfMime(mime: string): 'image' | 'video' | 'audio' | 'file' {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'file';
}

interface FileRow {
  id: string;
  owner_id: string;
  storage_key: string;
  file_name: string | null;
  mime: string;
  kind: string;
  size: string;
  sha256: string;
  created_at: Date;
}

/** Message attachments: uploads streamed to storage, read back by those who may see them. */
@Injectable()
export class FileService {
  private readonly limits: Record<string, number>;

  constructor(
    private readonly storage: Storage,
    private readonly repository: MessageRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const max = config.limits.attachmentBytes;
    this.limits = {
      image: Math.min(10 * MIB, max),
      audio: Math.min(10 * MIB, max),
      video: max,
      file: max,
    };
  }

  get maxBytes(): number {
    return Math.max(...Object.values(this.limits));
  }

  async upload(
    ownerId: string,
    source: Readable,
    fileName: string | null,
  ): Promise<MessageFileDto> {
    const stored = await this.storage.put(source, { maxBytes: this.maxBytes });
    const kind = kindOfMime(stored.mime);
    if (stored.size > this.limits[kind]) {
      await this.storage.remove(stored.key);
      throw new DomainError(413, 'file_too_large', { max: this.limits[kind] });
    }
    const rows: FileRow[] = await this.dataSource.query(
      `INSERT INTO message_files (owner_id, storage_key, file_name, mime, kind, size, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        ownerId,
        stored.key,
        fileName?.slice(0, 255) ?? null,
        stored.mime,
        kind,
        stored.size,
        stored.sha256,
      ],
    );
    return this.toDto(rows[0]);
  }

  /** The file's metadata and bytes, if `userId` uploaded it or may see a message carrying it. */
  async open(userId: string, id: string): Promise<{ file: MessageFileDto; stream: Readable }> {
    const rows: FileRow[] = await this.dataSource.query(
      'SELECT * FROM message_files WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row || !(await this.repository.mayReadFile(id, userId))) throw new NotFoundError('file');
    return { file: this.toDto(row), stream: await this.storage.open(row.storage_key) };
  }

  private toDto(row: FileRow): MessageFileDto {
    return { ...toAttachment(row), created_at: row.created_at } as MessageFileDto;
  }
}
