import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents, GroupAnnouncementUpdatedEvent } from '../common/events/domain-events';
import { EventLogService } from '../events/event-log.service';
import { personRef } from '../events/event-view';
import { AnnouncementDto } from './dto/announcement.dto';
import './announcement.messages';
import { AnnouncementRepository } from './announcement.repository';
import { GroupAnnouncementEntity } from './entities/group-announcement.entity';
import { GroupContentPeople } from './group-content-people';
import { GroupService } from '../group/group.service';
import { groupContentEvent } from './group-content-events';

/** The announcement as `GET groups/{id}/announcement` answers it, `updated_by` as given. */
function announcementView<P>(groupId: string, row: GroupAnnouncementEntity, updatedBy: P) {
  return {
    group_id: groupId,
    announcement: row.content,
    updated_by: updatedBy,
    updated_at: row.updatedAt,
  };
}

/** A group's announcement: members read it, the owner and managers set or clear it. */
@Injectable()
export class AnnouncementService {
  constructor(
    private readonly repo: AnnouncementRepository,
    private readonly groups: GroupService,
    private readonly people: GroupContentPeople,
    private readonly events: EventEmitter2,
    private readonly eventLog: EventLogService,
  ) {}

  async getAnnouncement(userId: string, groupId: string): Promise<AnnouncementDto> {
    await this.groups.requireMembership(userId, groupId);
    return this.present(userId, groupId, await this.repo.findAnnouncement(groupId));
  }

  /**
   * Sets (or with an empty text clears) the announcement; a change posts the system message and
   * `group.announcement_updated`, in its transaction.
   */
  async setAnnouncement(userId: string, groupId: string, text: string): Promise<AnnouncementDto> {
    await this.groups.requireContentWriter(userId, groupId);
    const changed = await this.repo.transaction(async (tx) => {
      const row = await this.repo.setAnnouncement(tx, groupId, text, userId);
      if (row) {
        await this.events.emitAsync(DomainEvents.groupAnnouncementUpdated, {
          tx,
          groupId,
          actorId: userId,
          announcement: text,
        } satisfies GroupAnnouncementUpdatedEvent);
        await this.eventLog.append(tx, [
          groupContentEvent(
            'group.announcement_updated',
            groupId,
            announcementView(groupId, row, personRef(row.updatedBy)),
          ),
        ]);
      }
      return row;
    });
    return this.present(userId, groupId, changed ?? (await this.repo.findAnnouncement(groupId)));
  }

  private async present(
    viewerId: string,
    groupId: string,
    row: GroupAnnouncementEntity | null,
  ): Promise<AnnouncementDto> {
    if (!row) {
      return { group_id: groupId, announcement: '', updated_by: null, updated_at: null };
    }
    const people = await this.people.describe(viewerId, [row.updatedBy]);
    return announcementView(groupId, row, people.get(row.updatedBy) ?? null);
  }
}
