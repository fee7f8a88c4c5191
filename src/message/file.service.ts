import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { FastifyRequest } from 'fastify';
import { DomainError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { sanitizeFileName } from '../common/storage/file-name';
import { FILE_FIELD, receiveUpload } from '../common/storage/multipart-upload';
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

  /** A multipart upload (field `file`) from `request`, kept for `ownerId`. */
  async uploadFrom(ownerId: string, request: FastifyRequest): Promise<MessageFileDto> {
    const { stored, fileName, problems } = await receiveUpload(
      request,
      this.storage,
      this.maxBytes,
    );
    if (!stored) problems.push({ field: FILE_FIELD, code: 'file_required' });
    try {
      if (problems.length > 0 || !stored) throw new ValidationFailedError(problems);
      const kind = kindOfMime(stored.mime);
      if (stored.size > this.limits[kind]) {
        throw new DomainError(413, 'file_too_large', { max: this.limits[kind] });
      }
      // A transaction of its own, like every creation (an Idempotency-Key's mark joins it).
      const rows: FileRow[] = await this.dataSource.transaction((tx) =>
        tx.query(
          `INSERT INTO message_files (owner_id, storage_key, file_name, mime, kind, size, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [
            ownerId,
            stored.key,
            fileName === undefined || fileName === '' ? null : sanitizeFileName(fileName),
            stored.mime,
            kind,
            stored.size,
            stored.sha256,
          ],
        ),
      );
      return this.toDto(rows[0]);
    } catch (error) {
      if (stored) await this.storage.remove(stored.key);
      throw error;
    }
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
