import { Injectable } from '@nestjs/common';
import { ContactService } from '../contact/contact.service';
import { GroupService } from '../group/group.service';
import { EventReader, ReaderFacts, referencesOf, viewFor } from './event-view';

export interface ReaderFactsBatch {
  /** Each reader's view of the events in the batch. */
  view(reader: EventReader, data: unknown): unknown;
}

/**
 * The viewer-dependent facts of a batch of events (names under each reader's remarks, each
 * reader's role in the groups named), looked up in one query of each kind for all readers.
 */
@Injectable()
export class ReaderFactsSource {
  constructor(
    private readonly contacts: ContactService,
    private readonly groups: GroupService,
  ) {}

  async lookup(work: { reader: EventReader; data: unknown[] }[]): Promise<ReaderFactsBatch> {
    const people = new Set<string>();
    const groupIds = new Set<string>();
    for (const item of work) referencesOf(item.data, people, groupIds);
    const readers = [...new Set(work.map((item) => item.reader.userId))];
    const [described, places] = await Promise.all([
      people.size > 0 ? this.contacts.describePeopleForViewers(readers, [...people]) : null,
      groupIds.size > 0
        ? this.groups.placesOf(readers, [...groupIds])
        : new Map<string, Map<string, { role: string; blocked: boolean }>>(),
    ]);
    const empty = new Map<never, never>();
    return {
      view(reader: EventReader, data: unknown): unknown {
        const facts: ReaderFacts = {
          people: described?.viewer(reader.userId) ?? empty,
          groups: places.get(reader.userId) ?? empty,
        };
        return viewFor(data, reader, facts);
      },
    };
  }
}
