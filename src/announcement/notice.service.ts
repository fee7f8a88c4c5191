import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import './announcement.messages';
import { AnnouncementRepository } from './announcement.repository';
import { CreateNoticeDto, NoticeDto } from './dto/notice.dto';
import { GroupNoticeEntity } from './entities/group-notice.entity';
import { GroupContentAccess } from './group-content-access';

/** Group notices: the owner and managers post and delete them, members read them. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly repo: AnnouncementRepository,
    private readonly access: GroupContentAccess,
  ) {}

  async createNotice(userId: string, groupId: string, dto: CreateNoticeDto): Promise<NoticeDto> {
    await this.access.writer(userId, groupId);
    const notice = await this.repo.insertNotice({
      groupId,
      creatorId: userId,
      title: dto.title,
      content: dto.content,
    });
    return (await this.present(userId, [notice]))[0];
  }

  async listNotices(
    userId: string,
    groupId: string,
    query: PageQueryDto,
  ): Promise<Paginated<NoticeDto>> {
    await this.access.member(userId, groupId);
    const [rows, total] = await this.repo.listPage(GroupNoticeEntity, groupId, query);
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  async getNotice(userId: string, groupId: string, noticeId: string): Promise<NoticeDto> {
    await this.access.member(userId, groupId);
    const notice = await this.repo.findNotice(groupId, noticeId);
    if (!notice) throw new NotFoundError('notice', 'notice_not_found');
    return (await this.present(userId, [notice]))[0];
  }

  async deleteNotice(userId: string, groupId: string, noticeId: string): Promise<void> {
    await this.access.writer(userId, groupId);
    const deleted = await this.repo.deleteFromGroup(GroupNoticeEntity, groupId, noticeId);
    if (!deleted) throw new NotFoundError('notice', 'notice_not_found');
  }

  private async present(viewerId: string, rows: GroupNoticeEntity[]): Promise<NoticeDto[]> {
    const people = await this.access.people(
      viewerId,
      rows.map((row) => row.creatorId),
    );
    return rows.map((row) => ({
      id: row.id,
      group_id: row.groupId,
      creator: people.get(row.creatorId)!,
      title: row.title,
      content: row.content,
      created_at: row.createdAt,
    }));
  }
}
