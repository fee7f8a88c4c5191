import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { EventLogService } from '../events/event-log.service';
import './announcement.messages';
import { AnnouncementRepository } from './announcement.repository';
import { CreateNoticeDto, NoticeDto } from './dto/notice.dto';
import { GroupNoticeEntity } from './entities/group-notice.entity';
import { GroupContentPeople } from './group-content-people';
import { GroupService } from '../group/group.service';
import { createdEvent, deletedEvent } from './group-content-events';

/** A notice as `GET groups/{id}/notices/{notice_id}` answers it, `creator` as given. */
function noticeView<P>(row: GroupNoticeEntity, creator: P) {
  return {
    id: row.id,
    group_id: row.groupId,
    creator,
    title: row.title,
    content: row.content,
    created_at: row.createdAt,
  };
}

/** Group notices: the owner and managers post and delete them, members read them. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly repo: AnnouncementRepository,
    private readonly groups: GroupService,
    private readonly people: GroupContentPeople,
    private readonly eventLog: EventLogService,
  ) {}

  async createNotice(userId: string, groupId: string, dto: CreateNoticeDto): Promise<NoticeDto> {
    await this.groups.requireContentWriter(userId, groupId);
    const notice = await this.repo.transaction(async (tx) => {
      const row = await this.repo.insertNotice(tx, {
        groupId,
        creatorId: userId,
        title: dto.title,
        content: dto.content,
      });
      await this.eventLog.append(tx, [createdEvent('group.notice_created', row, noticeView)]);
      return row;
    });
    return (await this.present(userId, [notice]))[0];
  }

  async listNotices(
    userId: string,
    groupId: string,
    query: PageQueryDto,
  ): Promise<Paginated<NoticeDto>> {
    await this.groups.requireMembership(userId, groupId);
    const [rows, total] = await this.repo.listPage(GroupNoticeEntity, groupId, query);
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  async getNotice(userId: string, groupId: string, noticeId: string): Promise<NoticeDto> {
    await this.groups.requireMembership(userId, groupId);
    const notice = await this.repo.findNotice(groupId, noticeId);
    if (!notice) throw new NotFoundError('notice', 'notice_not_found');
    return (await this.present(userId, [notice]))[0];
  }

  async deleteNotice(userId: string, groupId: string, noticeId: string): Promise<void> {
    await this.groups.requireContentWriter(userId, groupId);
    const deleted = await this.repo.deleteFromGroup(GroupNoticeEntity, groupId, noticeId, (tx) =>
      this.eventLog.append(tx, [deletedEvent('group.notice_deleted', groupId, noticeId)]),
    );
    if (!deleted) throw new NotFoundError('notice', 'notice_not_found');
  }

  private async present(viewerId: string, rows: GroupNoticeEntity[]): Promise<NoticeDto[]> {
    const people = await this.people.describe(
      viewerId,
      rows.map((row) => row.creatorId),
    );
    return rows.map((row) => noticeView(row, people.get(row.creatorId)!));
  }
}
