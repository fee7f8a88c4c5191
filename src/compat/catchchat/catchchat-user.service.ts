import { Injectable } from '@nestjs/common';
import { AvailabilityDto, UserSearchQueryDto } from '../../auth/dto/auth.dto';
import { UserService } from '../../auth/user.service';
import { ConflictError } from '../../common/errors/domain-error';
import { UserPrincipal } from '../../common/http/request-principal';
import { CatchChatRepository } from './catchchat.repository';
import { Paginated } from '../../common/pagination/pagination';
import { ContactService } from '../../contact/contact.service';
import { CatchChatList } from './catchchat-wire';
import { CatchChatViews } from './catchchat-views';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import {
  CatchChatAvailabilityDto,
  CatchChatMeDto,
  CatchChatUserDto,
  CheckVerifyCodeDto,
  MobileValidateQueryDto,
  NewMobileDto,
  UpdateMobileDto,
  UpdateCatchChatMeDto,
  UsernameValidateQueryDto,
} from './dto/catchchat-user.dto';

/** How long a confirmed current number stays good for `update_mobile`. */
const MOBILE_CHECK_TTL_SECONDS = 10 * 60;

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
    private readonly repo: CatchChatRepository,
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

  // The change of number, in CatchChat's four steps over the native `change_mobile` codes.

  /** Step 1: a code to the caller's current number. */
  async sendCurrentMobileCode(caller: UserPrincipal): Promise<CatchChatEmptyDto> {
    const me = await this.users.getProfile(caller);
    if (!me.mobile) throw new ConflictError('catchchat.no_current_mobile');
    await this.users.sendVerifyCode({
      mobile: me.mobile,
      phone_code: me.phone_code ?? '',
      purpose: 'change_mobile',
    });
    return {};
  }

  /** Step 2: that code back; the confirmation is kept for step 4. */
  async checkCurrentMobileCode(
    caller: UserPrincipal,
    body: CheckVerifyCodeDto,
  ): Promise<CatchChatEmptyDto> {
    if (!(await this.users.checkCurrentMobileCode(caller, body.token, 'token'))) {
      throw new ConflictError('catchchat.no_current_mobile');
    }
    await this.repo.recordMobileCheck(caller.userId);
    return {};
  }

  /** Step 3: a code to the new number. */
  async sendNewMobileCode(caller: UserPrincipal, body: NewMobileDto): Promise<CatchChatEmptyDto> {
    await this.users.sendVerifyCode({ ...body, purpose: 'change_mobile' });
    return {};
  }

  /** Step 4: the new number's code moves the account, if step 2 passed in the last minutes. */
  async updateMobile(caller: UserPrincipal, body: UpdateMobileDto): Promise<CatchChatEmptyDto> {
    const checked = await this.repo.hasFreshMobileCheck(caller.userId, MOBILE_CHECK_TTL_SECONDS);
    await this.users.changeMobileChecked(
      caller,
      { phone_code: body.phone_code, mobile: body.mobile, verify_code: body.token },
      'token',
      checked,
    );
    await this.repo.deleteMobileCheck(caller.userId);
    return {};
  }
}
