import { Injectable } from '@nestjs/common';
import { Resource } from '../../common/errors/common.messages';
import { NotFoundError, UnprocessableReferenceError } from '../../common/errors/domain-error';
import { parseId } from '../../common/validation/is-id';
import { CatchChatRepository } from './catchchat.repository';

/** The kinds of resource that get an integer alias. */
export type IntIdKind =
  'user' | 'friendship' | 'friend_request' | 'friend_list' | 'message' | 'group' | 'contact';

const RESOURCE_OF: Record<IntIdKind, Resource> = {
  user: 'user',
  friendship: 'friendship',
  friend_request: 'friend request',
  friend_list: 'friend list',
  message: 'message',
  group: 'group',
  contact: 'contact',
};

/** Largest alias a client may send: PostgreSQL's bigint, and exact in a JavaScript number. */
const MAX_ALIAS = Number.MAX_SAFE_INTEGER;

/**
 * Integer aliases of Party's UUIDs (table `compat_int_ids`): `aliases` assigns and reads many in
 * one statement, `resolve` reads one back. A UUID is accepted as input too.
 */
@Injectable()
export class CatchChatIds {
  constructor(private readonly repo: CatchChatRepository) {}

  /** The alias of every UUID (assigned now for those that have none), one statement a batch. */
  async aliases(kind: IntIdKind, uuids: readonly string[]): Promise<Map<string, number>> {
    const wanted = [...new Set(uuids)];
    if (wanted.length === 0) return new Map();
    const found = new Map<string, number>();
    // Two requests aliasing the same new UUID at once: the loser's insert does nothing and its
    // snapshot may miss the winner's row, which the second round reads.
    for (let round = 0; round < 2 && found.size < wanted.length; round += 1) {
      const missing = wanted.filter((uuid) => !found.has(uuid));
      for (const [uuid, id] of await this.repo.assignAliases(kind, missing)) found.set(uuid, id);
    }
    return found;
  }

  async alias(kind: IntIdKind, uuid: string): Promise<number> {
    const id = (await this.aliases(kind, [uuid])).get(uuid);
    if (id === undefined) throw new Error(`No integer alias for ${kind} ${uuid}`);
    return id;
  }

  /** The UUID a path id (an alias, or a UUID) names; anything else is the resource's 404. */
  async resolve(kind: IntIdKind, raw: string): Promise<string> {
    const uuid = await this.lookup(kind, raw);
    if (uuid === null) throw new NotFoundError(RESOURCE_OF[kind]);
    return uuid;
  }

  /** As `resolve`, for a body field: an unknown id is a 422 naming the field. */
  async resolveField(kind: IntIdKind, raw: string, field: string): Promise<string> {
    const uuid = await this.lookup(kind, raw);
    if (uuid === null) throw new UnprocessableReferenceError('unknown_reference', field, [raw]);
    return uuid;
  }

  private async lookup(kind: IntIdKind, raw: string): Promise<string | null> {
    const text = raw.trim();
    const id = parseId(text);
    if (id !== null) return id;
    if (!/^\d{1,16}$/.test(text) || Number(text) > MAX_ALIAS) return null;
    return this.repo.uuidOfAlias(kind, text);
  }
}
