import { Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { AnnouncementService } from '../../announcement/announcement.service';
import { UpdateAnnouncementDto } from '../../announcement/dto/announcement.dto';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { parseId } from '../../common/validation/is-id';
import { AppPrincipal } from '../../common/http/request-principal';
import { ShareFileDto, ShareFilePageQueryDto } from '../../share-file/dto/share-file.dto';
import { ShareFileService } from '../../share-file/share-file.service';
import '../compat.messages';
import { CompatSettingsRepository } from '../compat-settings.repository';
import { actingUser, nativeInput } from '../vendor-input';
import {
  AgoraAnnouncementDto,
  AgoraAnnouncementSetDto,
  AgoraFileDeletedDto,
  AgoraFileDto,
  AgoraListedFileDto,
  AgoraPageQueryDto,
} from './dto/agora.dto';

/** Seed 003: `pagesize` defaults to 1000 (Party's own default is 30). */
const AGORA_DEFAULT_PAGE_SIZE = 1000;

/** Where a call happens: `/{org_name}/{app_name}/chatgroups/{group_id}`. */
export interface AgoraPlace {
  org_name: string;
  app_name: string;
  group_id: string;
}

/**
 * Seed 003 (Agora Chat) over the native services. The app token's system app must be set up
 * for this `org_name` / `app_name` (`compat:set`); it administers groups as its `acting_user_id`,
 * whose memberships and roles the native services check as for his own token.
 */
@Injectable()
export class AgoraService {
  constructor(
    private readonly settings: CompatSettingsRepository,
    private readonly announcements: AnnouncementService,
    private readonly files: ShareFileService,
  ) {}

  async getAnnouncement(app: AppPrincipal, place: AgoraPlace): Promise<AgoraAnnouncementDto> {
    const [actor, groupId] = await this.resolve(app, place);
    const current = await this.announcements.getAnnouncement(actor, groupId);
    return { announcement: current.announcement };
  }

  async setAnnouncement(
    app: AppPrincipal,
    place: AgoraPlace,
    body: unknown,
  ): Promise<AgoraAnnouncementSetDto> {
    const [actor, groupId] = await this.resolve(app, place);
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    const input = await nativeInput(UpdateAnnouncementDto, fields as Record<string, unknown>, {});
    await this.announcements.setAnnouncement(actor, groupId, input.announcement);
    return { id: place.group_id, result: true };
  }

  async listFiles(
    app: AppPrincipal,
    place: AgoraPlace,
    query: AgoraPageQueryDto,
  ): Promise<AgoraListedFileDto[]> {
    const [actor, groupId] = await this.resolve(app, place);
    const page = await nativeInput(
      ShareFilePageQueryDto,
      { page: query.pagenum, per_page: query.pagesize ?? String(AGORA_DEFAULT_PAGE_SIZE) },
      { page: 'pagenum', per_page: 'pagesize' },
    );
    const listed = await this.files.listShareFiles(actor, groupId, page);
    return listed.data.map((file) => ({
      file_id: file.file_id,
      file_name: file.file_name,
      file_owner: file.file_owner.id,
      file_size: file.file_size,
      created: file.created_at.getTime(),
    }));
  }

  async uploadFile(
    app: AppPrincipal,
    place: AgoraPlace,
    request: FastifyRequest,
  ): Promise<AgoraFileDto> {
    const [actor, groupId] = await this.resolve(app, place);
    return toFile(await this.files.uploadShareFile(actor, groupId, request));
  }

  async getFile(app: AppPrincipal, place: AgoraPlace, fileId: string): Promise<AgoraFileDto> {
    const [actor, groupId] = await this.resolve(app, place);
    const id = parseId(fileId);
    if (id === null) throw new NotFoundError('share file', 'share_file_not_found');
    // As the acting member: he sees the group's files, restricted ones included.
    const file = await this.files.getShareFile(actingUser(app, actor), groupId, id);
    return toFile(file);
  }

  async deleteFile(
    app: AppPrincipal,
    place: AgoraPlace,
    fileId: string,
  ): Promise<AgoraFileDeletedDto> {
    const [actor, groupId] = await this.resolve(app, place);
    const id = parseId(fileId);
    if (id === null) throw new NotFoundError('share file', 'share_file_not_found');
    await this.files.deleteShareFile(actor, groupId, id);
    return { group_id: place.group_id, file_id: fileId, result: true };
  }

  /**
   * The acting user and the group: 404 `compat_app_not_found` when the token's app is not set
   * up for this org / app name, 404 for a group id that cannot be one.
   */
  private async resolve(app: AppPrincipal, place: AgoraPlace): Promise<[string, string]> {
    const settings = await this.settings.settingsOf(app.appId, 'agora');
    const actor = settings.acting_user_id;
    if (
      settings.org_name !== place.org_name ||
      settings.app_name !== place.app_name ||
      actor === undefined
    ) {
      throw new DomainError(404, 'compat_app_not_found', {
        vendor_app: `${place.org_name}/${place.app_name}`,
      });
    }
    const groupId = parseId(place.group_id);
    if (groupId === null) throw new NotFoundError('group');
    return [actor, groupId];
  }
}

function toFile(file: ShareFileDto): AgoraFileDto {
  return {
    file_url: file.file_url,
    group_id: file.group_id,
    file_name: file.file_name,
    created: file.created_at.getTime(),
    file_id: file.file_id,
    file_size: file.file_size,
  };
}
