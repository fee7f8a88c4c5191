import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString, PhoneNumber } from 'libphonenumber-js';
import { UserService } from '../auth/user.service';
import { UserPrincipal } from '../common/http/request-principal';
import { toPerson } from '../common/people/person.dto';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { AddressBookUploadResultDto, UploadAddressBookDto } from './dto/address-book.dto';
import { MayKnowPersonDto } from './dto/may-know.dto';

/** Local numbers in a book are read with the uploader's country code, this one when he has none. */
export const DEFAULT_PHONE_CODE = '86';

/** E.164 form of a number as written in an address book; null when it cannot be a phone number. */
export function normalizeNumber(text: string, phoneCode: string): string | null {
  let parsed: PhoneNumber | undefined;
  try {
    parsed = parsePhoneNumberFromString(text, { defaultCallingCode: phoneCode });
  } catch {
    // A calling code libphonenumber does not know: only international numbers can be read.
    parsed = parsePhoneNumberFromString(text);
  }
  return parsed?.isPossible() ? parsed.number : null;
}

export function hashNumber(e164: string): string {
  return createHash('sha256').update(e164).digest('hex');
}

/** Address books (kept as number hashes and names only) and the people you may know. */
@Injectable()
export class AddressBookService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly people: ContactService,
  ) {}

  /** Replaces the caller's address book and answers the registered users it holds. */
  async upload(
    caller: UserPrincipal,
    body: UploadAddressBookDto,
  ): Promise<AddressBookUploadResultDto> {
    const me = await this.users.getProfile(caller);
    const phoneCode = me.phone_code || DEFAULT_PHONE_CODE;
    const names = new Map<string, string>();
    let invalid = 0;
    for (const contact of body.contacts) {
      const e164 = normalizeNumber(contact.number, phoneCode);
      if (!e164) invalid += 1;
      else if (!names.has(e164)) names.set(e164, contact.name);
    }
    const owners = new Map(
      (await this.users.findByMobiles([...names.keys()]))
        .filter((user) => user.id !== caller.userId)
        .map((user) => [user.mobile, user.id]),
    );
    await this.contacts.replaceAddressBook(
      caller.userId,
      [...names].map(([e164, name]) => ({
        numberHash: hashNumber(e164),
        name,
        matchedUserId: owners.get(e164) ?? null,
      })),
    );
    const people = await this.people.describePeople(caller.userId, [...owners.values()]);
    const registered = [...names].flatMap(([e164, name]) => {
      const user = people.get(owners.get(e164) ?? '');
      return user ? [{ name, number: e164, user }] : [];
    });
    return { stored_count: names.size, invalid_count: invalid, registered_contacts: registered };
  }

  /**
   * Non-friends, not blocked either way, ranked by common friends (up to 5 named, as the caller
   * calls them), then by address-book matches.
   */
  async mayKnow(userId: string, query: PageQueryDto): Promise<Paginated<MayKnowPersonDto>> {
    const page = await this.contacts.mayKnow(userId, query.offset, query.per_page);
    const items = page.rows.map((row) => ({
      ...toPerson(row.person, row.person),
      common_friend_count: row.commonCount,
      common_friend_names: row.commonFriends.map((friend) => toPerson(friend, friend).name),
      address_book_name: row.bookName,
    }));
    return Paginated.of(items, query, page.total);
  }
}
