import { Inject, Injectable, Logger } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { GroupContentPeople } from '../announcement/group-content-people';
import { GroupService } from '../group/group.service';
import { deletedEvent, groupContentEvent } from '../announcement/group-content-events';
import {
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { AuthPrincipal } from '../common/http/request-principal';
import { Paginated } from '../common/pagination/pagination';
import { FILE_FIELD, receiveUpload } from '../common/storage/multipart-upload';
import { Storage } from '../common/storage/storage';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EventLogService } from '../events/event-log.service';
import { personRef } from '../events/event-view';
import { ShareFileDto, ShareFilePageQueryDto } from './dto/share-file.dto';
import { GroupShareFileEntity } from './entities/group-share-file.entity';
import { sanitizeFileName } from '../common/storage/file-name';
import { etagOf, resolveRange, ShareFileDownload } from './share-file.http';
import './share-file.messages';
import { ShareFileRepository } from './share-file.repository';
import { loggableError } from '../common/logging/logging';

const RESTRICT_FIELD = 'restrict_access';
const RESTRICT_HEADER = 'restrict-access';

/** `true`/`false` (also `1`/`0`, any case); undefined when absent, null when not a boolean. */
function parseFlag(value: string | undefined): boolean | undefined | null {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return null;
}

/**
 * Files shared in a group. Members upload; `restrict_access` files are seen by members only,
 * the others by anyone holding a valid `party_file` token and the link. The file's owner, the
 * group owner and managers delete, which removes the bytes too.
 */
@Injectable()
export class ShareFileService {
  private readonly logger = new Logger(ShareFileService.name);

  constructor(
    private readonly repo: ShareFileRepository,
    private readonly groups: GroupService,
    private readonly people: GroupContentPeople,
    private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly eventLog: EventLogService,
  ) {}

  async uploadShareFile(
    userId: string,
    groupId: string,
    request: FastifyRequest,
  ): Promise<ShareFileDto> {
    await this.groups.requireContentWriter(userId, groupId, { allowMembers: true });
    const upload = await receiveUpload(request, this.storage, this.config.limits.shareFileBytes, [
      RESTRICT_FIELD,
    ]);
    const { stored } = upload;
    let row: GroupShareFileEntity;
    try {
      const header = request.headers[RESTRICT_HEADER];
      const restrict = parseFlag(
        upload.fields[RESTRICT_FIELD] ?? (Array.isArray(header) ? header[0] : header),
      );
      if (restrict === null) upload.problems.push({ field: RESTRICT_FIELD, code: 'isBoolean' });
      if (!stored) upload.problems.push({ field: FILE_FIELD, code: 'isDefined' });
      if (upload.problems.length > 0 || !stored) throw new ValidationFailedError(upload.problems);
      const file = {
        groupId,
        ownerId: userId,
        fileName: sanitizeFileName(upload.fileName),
        size: stored.size,
        mimeType: stored.mime,
        sha256: stored.sha256,
        storageKey: stored.key,
        restrictAccess: restrict ?? true,
      };
      row = await this.repo.transaction(async (tx) => {
        const inserted = await this.repo.insert(tx, file);
        await this.eventLog.append(tx, [
          groupContentEvent(
            'group.share_file_created',
            groupId,
            this.view(inserted, personRef(inserted.ownerId)),
          ),
        ]);
        return inserted;
      });
    } catch (error) {
      // Nothing was committed: the bytes go too.
      if (stored) await this.storage.remove(stored.key);
      throw error;
    }
    return (await this.present(userId, [row]))[0];
  }

  async listShareFiles(
    userId: string,
    groupId: string,
    query: ShareFilePageQueryDto,
  ): Promise<Paginated<ShareFileDto>> {
    await this.groups.requireMembership(userId, groupId);
    const [rows, total] = await this.repo.list(groupId, {
      offset: query.offset,
      limit: query.per_page,
    });
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  async getShareFile(
    principal: AuthPrincipal,
    groupId: string,
    fileId: string,
  ): Promise<ShareFileDto> {
    const row = await this.readable(principal, groupId, fileId);
    return (await this.present(viewerOf(principal), [row]))[0];
  }

  async openShareFileContent(
    principal: AuthPrincipal,
    groupId: string,
    fileId: string,
    headers: { range?: string; ifRange?: string },
  ): Promise<ShareFileDownload> {
    const row = await this.readable(principal, groupId, fileId);
    const range = resolveRange(headers.range, headers.ifRange, row.size, etagOf(row.sha256));
    return {
      stream: await this.storage.open(row.storageKey, range ?? undefined),
      fileName: row.fileName,
      mimeType: row.mimeType,
      size: row.size,
      sha256: row.sha256,
      range,
    };
  }

  async deleteShareFile(userId: string, groupId: string, fileId: string): Promise<void> {
    const membership = await this.groups.requireContentWriter(userId, groupId, {
      allowMembers: true,
    });
    const row = await this.repo.find(groupId, fileId);
    if (!row) throw new NotFoundError('share file', 'share_file_not_found');
    if (row.ownerId !== userId && membership.role === 'member') throw new ForbiddenError();
    const key = await this.repo.transaction(async (tx) => {
      const removed = await this.repo.delete(tx, groupId, fileId);
      if (removed) {
        await this.eventLog.append(tx, [deletedEvent('group.share_file_deleted', groupId, fileId)]);
      }
      return removed;
    });
    if (!key) throw new NotFoundError('share file', 'share_file_not_found');
    try {
      await this.storage.remove(key);
    } catch (error) {
      this.logger.error(
        { err: loggableError(error), key },
        'Could not remove the bytes of a deleted shared file',
      );
    }
  }

  /**
   * The file if the caller may read it: an unrestricted file of the group to any token holder,
   * a restricted one to members only (404 to everyone else, as if it did not exist).
   */
  private async readable(
    principal: AuthPrincipal,
    groupId: string,
    fileId: string,
  ): Promise<GroupShareFileEntity> {
    const row = await this.repo.find(groupId, fileId);
    if (row && !row.restrictAccess) return row;
    if (principal.kind === 'user') await this.groups.requireMembership(principal.userId, groupId);
    if (!row || principal.kind !== 'user') {
      throw new NotFoundError('share file', 'share_file_not_found');
    }
    return row;
  }

  private async present(
    viewerId: string | null,
    rows: GroupShareFileEntity[],
  ): Promise<ShareFileDto[]> {
    const people = await this.people.describe(
      viewerId,
      rows.map((row) => row.ownerId),
    );
    return rows.map((row) => this.view(row, people.get(row.ownerId)!));
  }

  /** The file's metadata as `GET groups/{id}/share-files/{file_id}` answers it, owner as given. */
  private view<P>(row: GroupShareFileEntity, owner: P) {
    const base = this.config.publicUrl?.replace(/\/+$/, '') ?? '';
    return {
      id: row.id,
      file_id: row.id,
      group_id: row.groupId,
      file_name: row.fileName,
      file_size: row.size,
      content_type: row.mimeType,
      sha256: row.sha256,
      restrict_access: row.restrictAccess,
      file_owner: owner,
      file_url: `${base}/api/party/groups/${row.groupId}/share-files/${row.id}/content`,
      created_at: row.createdAt,
    };
  }
}

function viewerOf(principal: AuthPrincipal): string | null {
  return principal.kind === 'user' ? principal.userId : null;
}
