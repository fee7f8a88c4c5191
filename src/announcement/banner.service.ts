import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { EventLogService } from '../events/event-log.service';
import './announcement.messages';
import { AnnouncementRepository } from './announcement.repository';
import { BannerDto, CreateBannerDto } from './dto/banner.dto';
import { GroupBannerEntity } from './entities/group-banner.entity';
import { GroupContentPeople } from './group-content-people';
import { GroupService } from '../group/group.service';
import { createdEvent, deletedEvent } from './group-content-events';

/** A banner as the banner routes answer it, `creator` as given. */
function bannerView<P>(row: GroupBannerEntity, creator: P) {
  return {
    id: row.id,
    group_id: row.groupId,
    creator,
    title: row.title,
    content: row.content,
    thumb_url: row.thumbUrl,
    webpage_url: row.webpageUrl,
    primary_content: row.primaryContent,
    content_url: row.contentUrl,
    light_app_id: row.lightAppId,
    created_at: row.createdAt,
  };
}

/** Group banners: the owner and managers create and delete them, members list them. */
@Injectable()
export class BannerService {
  constructor(
    private readonly repo: AnnouncementRepository,
    private readonly groups: GroupService,
    private readonly people: GroupContentPeople,
    private readonly eventLog: EventLogService,
  ) {}

  async createBanner(userId: string, groupId: string, dto: CreateBannerDto): Promise<BannerDto> {
    await this.groups.requireContentWriter(userId, groupId);
    const shown = [dto.title, dto.content, dto.primary_content, dto.thumb_url, dto.content_url];
    if (!shown.some((value) => value !== undefined && value !== '')) {
      throw ValidationFailedError.field('title', 'bannerEmpty');
    }
    const banner = await this.repo.transaction(async (tx) => {
      const row = await this.repo.insertBanner(tx, {
        groupId,
        creatorId: userId,
        title: dto.title ?? null,
        content: dto.content ?? null,
        thumbUrl: dto.thumb_url ?? null,
        webpageUrl: dto.webpage_url ?? null,
        primaryContent: dto.primary_content ?? null,
        contentUrl: dto.content_url ?? null,
        lightAppId: dto.light_app_id ?? null,
      });
      await this.eventLog.append(tx, [createdEvent('group.banner_created', row, bannerView)]);
      return row;
    });
    return (await this.present(userId, [banner]))[0];
  }

  async listBanners(
    userId: string,
    groupId: string,
    query: PageQueryDto,
  ): Promise<Paginated<BannerDto>> {
    await this.groups.requireMembership(userId, groupId);
    const [rows, total] = await this.repo.listPage(GroupBannerEntity, groupId, query);
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  async deleteBanner(userId: string, groupId: string, bannerId: string): Promise<void> {
    await this.groups.requireContentWriter(userId, groupId);
    const deleted = await this.repo.deleteFromGroup(GroupBannerEntity, groupId, bannerId, (tx) =>
      this.eventLog.append(tx, [deletedEvent('group.banner_deleted', groupId, bannerId)]),
    );
    if (!deleted) throw new NotFoundError('banner', 'banner_not_found');
  }

  private async present(viewerId: string, rows: GroupBannerEntity[]): Promise<BannerDto[]> {
    const people = await this.people.describe(
      viewerId,
      rows.map((row) => row.creatorId),
    );
    return rows.map((row) => bannerView(row, people.get(row.creatorId)!));
  }
}
