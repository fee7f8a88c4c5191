import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { UserService } from '../auth/user.service';
import { UserSearchQueryDto } from '../auth/dto/auth.dto';
import { Paginated } from '../common/pagination/pagination';
import { PersonDto, PublicProfile, toPerson } from '../common/people/person.dto';
import { ContactRepository, FriendshipNames } from './contact.repository';

/** Only well-formed ids can name a user; anything else is simply unknown. */
export function wellFormedIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => isUUID(id));
}

/**
 * What other modules may ask the contact module: how the viewer sees people, who blocked whom,
 * who is whose friend, and that two friends were just in contact.
 */
@Injectable()
export class ContactService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
  ) {}

  /** Person objects as the viewer sees them (his remarked / contact names); unknown ids are absent. */
  async describePeople(
    viewerId: string,
    userIds: readonly string[],
  ): Promise<Map<string, PersonDto>> {
    const ids = wellFormedIds(userIds);
    if (ids.length === 0) return new Map();
    const [profiles, names] = await Promise.all([
      this.users.profilesByIds(ids),
      this.namesFor(viewerId, ids),
    ]);
    const people = new Map<string, PersonDto>();
    for (const id of ids) {
      const profile = profiles.get(id);
      if (profile) people.set(id, toPerson(profile, names.get(id)));
    }
    return people;
  }

  /** One person as the viewer sees him; 404 when there is no such user. */
  async describePerson(viewerId: string, userId: string): Promise<PersonDto> {
    const [profile, names] = await Promise.all([
      this.users.requireProfile(userId),
      this.namesFor(viewerId, [userId]),
    ]);
    return toPerson(profile, names.get(userId));
  }

  /** A page of people whose username or nickname contains the query, as the viewer names them. */
  async searchPeople(viewerId: string, query: UserSearchQueryDto): Promise<Paginated<PersonDto>> {
    const { profiles, total } = await this.users.searchProfiles(query.q, query);
    const names = await this.namesFor(
      viewerId,
      profiles.map((profile) => profile.id),
    );
    return Paginated.of(
      profiles.map((profile) => toPerson(profile, names.get(profile.id))),
      query,
      total,
    );
  }

  /** The viewer's remarked / contact names for those of `ids` who are his friends. */
  private async namesFor(
    viewerId: string,
    ids: readonly string[],
  ): Promise<Map<string, FriendshipNames>> {
    if (!isUUID(viewerId) || ids.length === 0) return new Map();
    const rows = await this.contacts.friendshipNames(viewerId, ids);
    return new Map(rows.map((row) => [row.friendId, row]));
  }

  /** Those of `candidateIds` who have blocked `actorId`. */
  async usersWhoBlocked(actorId: string, candidateIds: readonly string[]): Promise<Set<string>> {
    if (!isUUID(actorId)) return new Set();
    return new Set(await this.contacts.blockersAmong(actorId, wellFormedIds(candidateIds)));
  }

  /** All of the user's friends, in his position order. */
  async friendIds(userId: string): Promise<string[]> {
    if (!isUUID(userId)) return [];
    return this.contacts.friendIds(userId);
  }

  /** Those of `candidateIds` who are the user's friends. */
  async friendIdsAmong(userId: string, candidateIds: readonly string[]): Promise<Set<string>> {
    if (!isUUID(userId)) return new Set();
    return new Set(await this.contacts.friendIdsAmong(userId, wellFormedIds(candidateIds)));
  }

  /**
   * `describePeople` for many viewers at once (a batch of events and their readers): the
   * profiles once, and each viewer's remarked / contact names in one query.
   */
  async describePeopleForViewers(
    viewerIds: readonly string[],
    personIds: readonly string[],
  ): Promise<{ viewer(viewerId: string): Map<string, PersonDto> }> {
    const ids = wellFormedIds(personIds);
    const [profiles, rows] = await Promise.all([
      ids.length > 0 ? this.users.profilesByIds(ids) : new Map<string, PublicProfile>(),
      this.contacts.friendshipNamesOfViewers(wellFormedIds(viewerIds), ids),
    ]);
    const neutral = new Map<string, PersonDto>();
    for (const [id, profile] of profiles) neutral.set(id, toPerson(profile));
    const named = new Map<string, Map<string, PersonDto>>();
    for (const row of rows) {
      const profile = profiles.get(row.friendId);
      if (!profile) continue;
      const people = named.get(row.viewerId) ?? new Map(neutral);
      people.set(row.friendId, toPerson(profile, row));
      named.set(row.viewerId, people);
    }
    return { viewer: (viewerId) => named.get(viewerId) ?? neutral };
  }
}
