import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { GroupAnnouncementEntity } from './entities/group-announcement.entity';
import { GroupBannerEntity } from './entities/group-banner.entity';
import { GroupNoticeEntity } from './entities/group-notice.entity';

export type NewNotice = Pick<GroupNoticeEntity, 'groupId' | 'creatorId' | 'title' | 'content'>;
export type NewBanner = Omit<GroupBannerEntity, 'id' | 'createdAt'>;

/** SQL of announcements, notices and banners. */
@Injectable()
export class AnnouncementRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  findAnnouncement(groupId: string): Promise<GroupAnnouncementEntity | null> {
    return this.db.getRepository(GroupAnnouncementEntity).findOneBy({ groupId });
  }

  /**
   * Sets the announcement in one statement; returns the row when the text changed (or a first,
   * non-empty text was set) and null when it already said the same.
   */
  async setAnnouncement(
    tx: EntityManager,
    groupId: string,
    content: string,
    userId: string,
  ): Promise<GroupAnnouncementEntity | null> {
    const rows: (GroupAnnouncementEntity & { inserted: boolean })[] = await tx.query(
      `INSERT INTO group_announcements (group_id, content, updated_by, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (group_id) DO UPDATE
         SET content = EXCLUDED.content, updated_by = EXCLUDED.updated_by, updated_at = now()
         WHERE group_announcements.content IS DISTINCT FROM EXCLUDED.content
       RETURNING group_id AS "groupId", content, updated_by AS "updatedBy",
         updated_at AS "updatedAt", (xmax = 0) AS inserted`,
      [groupId, content, userId],
    );
    const row = rows[0];
    if (!row || (row.inserted && content === '')) return null;
    return {
      groupId: row.groupId,
      content: row.content,
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
    };
  }

  insertNotice(tx: EntityManager, notice: NewNotice): Promise<GroupNoticeEntity> {
    const repo = tx.getRepository(GroupNoticeEntity);
    return repo.save(repo.create(notice));
  }

  findNotice(groupId: string, id: string): Promise<GroupNoticeEntity | null> {
    return this.db.getRepository(GroupNoticeEntity).findOneBy({ groupId, id });
  }

  insertBanner(tx: EntityManager, banner: NewBanner): Promise<GroupBannerEntity> {
    const repo = tx.getRepository(GroupBannerEntity);
    return repo.save(repo.create(banner));
  }

  /** One page of a group's notices or banners, newest first, and how many there are. */
  listPage<T extends GroupNoticeEntity | GroupBannerEntity>(
    entity: EntityTarget<T>,
    groupId: string,
    page: { offset: number; per_page: number },
  ): Promise<[T[], number]> {
    return this.db.getRepository<GroupNoticeEntity | GroupBannerEntity>(entity).findAndCount({
      where: { groupId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.per_page,
    }) as Promise<[T[], number]>;
  }

  /**
   * Deletes a notice or banner of the group and runs `record` (its event) in the same
   * transaction; true when there was one (`record` runs only then).
   */
  deleteFromGroup(
    entity: typeof GroupNoticeEntity | typeof GroupBannerEntity,
    groupId: string,
    id: string,
    record: (tx: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.transaction(async (tx) => {
      const result = await tx.getRepository(entity).delete({ groupId, id });
      const deleted = (result.affected ?? 0) > 0;
      if (deleted) await record(tx);
      return deleted;
    });
  }
}
