import { Injectable } from '@nestjs/common';
import { UserService } from '../auth/user.service';
import { PersonDto, toPerson } from '../common/people/person.dto';
import { ContactService } from '../contact/contact.service';

/**
 * How group content shows people. Access to a group's content is the group module's one check
 * (`GroupService.requireMembership` / `requireContentWriter`).
 */
@Injectable()
export class GroupContentPeople {
  constructor(
    private readonly contacts: ContactService,
    private readonly users: UserService,
  ) {}

  /**
   * People as the viewer calls them; with no viewing user (an app token) the names are the
   * users' own (nickname || username).
   */
  async describe(viewerId: string | null, ids: readonly string[]): Promise<Map<string, PersonDto>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    if (viewerId) return this.contacts.describePeople(viewerId, unique);
    const profiles = await this.users.profilesByIds(unique);
    return new Map([...profiles].map(([id, profile]) => [id, toPerson(profile)]));
  }
}
