import { Injectable } from '@nestjs/common';
import { AvailabilityDto, UserSearchQueryDto } from '../../auth/dto/auth.dto';
import { UserService } from '../../auth/user.service';
import { UserPrincipal } from '../../common/http/request-principal';
import { Paginated } from '../../common/pagination/pagination';
import { ContactService } from '../../contact/contact.service';
import { CatchChatList } from './catchchat-wire';
import { CatchChatViews } from './catchchat-views';
import {
  CatchChatAvailabilityDto,
  CatchChatMeDto,
  CatchChatUserDto,
  MobileValidateQueryDto,
  UpdateCatchChatMeDto,
  UsernameValidateQueryDto,
} from './dto/catchchat-user.dto';

/** The seed's availability answer: a `message` only when the name or number is not available. */
function availability(answer: AvailabilityDto): CatchChatAvailabilityDto {
  return answer.message === null
    ? { available: answer.available }
    : { available: answer.available, message: answer.message };
}

/** CatchChat's `user` and `users` routes over Party's profiles and people search. */
@Injectable()
export class CatchChatUserService {
  constructor(
    private readonly users: UserService,
    private readonly contacts: ContactService,
    private readonly views: CatchChatViews,
  ) {}

  async me(caller: UserPrincipal): Promise<CatchChatMeDto> {
    return this.views.me(await this.users.getProfile(caller));
  }

  async updateMe(caller: UserPrincipal, body: UpdateCatchChatMeDto): Promise<CatchChatMeDto> {
    return this.views.me(
      await this.users.updateProfile(caller, {
        nickname: body.nickname,
        avatar_url: body.avatar_url,
      }),
    );
  }

  async search(
    caller: UserPrincipal,
    query: UserSearchQueryDto,
  ): Promise<CatchChatList<CatchChatUserDto>> {
    const page = await this.contacts.searchPeople(caller.userId, query);
    const users = await this.views.users(page.data);
    return new CatchChatList('users', Paginated.of(users, query, page.total_count));
  }

  async usernameAvailability(query: UsernameValidateQueryDto): Promise<CatchChatAvailabilityDto> {
    const answer = await this.users.usernameAvailability(query.username);
    return availability(answer);
  }

  async mobileAvailability(query: MobileValidateQueryDto): Promise<CatchChatAvailabilityDto> {
    const answer = await this.users.mobileAvailability(query.phone_code, query.mobile);
    return availability(answer);
  }
}
