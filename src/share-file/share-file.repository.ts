import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GroupShareFileEntity } from './entities/group-share-file.entity';
import { updateReturning } from '../common/sql/update-returning';

export type NewShareFile = Omit<GroupShareFileEntity, 'id' | 'createdAt'>;

/** SQL of shared files. */
@Injectable()
export class ShareFileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  insert(tx: EntityManager, file: NewShareFile): Promise<GroupShareFileEntity> {
    const repo = tx.getRepository(GroupShareFileEntity);
    return repo.save(repo.create(file));
  }

  list(
    groupId: string,
    page: { offset: number; limit: number },
  ): Promise<[GroupShareFileEntity[], number]> {
    return this.db.getRepository(GroupShareFileEntity).findAndCount({
      where: { groupId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
  }

  find(groupId: string, id: string): Promise<GroupShareFileEntity | null> {
    return this.db.getRepository(GroupShareFileEntity).findOneBy({ groupId, id });
  }

  /** Deletes the row; returns its storage key, or null when it was already gone. */
  async delete(tx: EntityManager, groupId: string, id: string): Promise<string | null> {
    const rows = await updateReturning<{ storage_key: string }>(
      tx,
      `DELETE FROM group_share_files WHERE group_id = $1 AND id = $2 RETURNING storage_key`,
      [groupId, id],
    );
    return rows[0]?.storage_key ?? null;
  }
}
