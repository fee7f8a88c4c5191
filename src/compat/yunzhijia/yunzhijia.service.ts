import { Injectable } from '@nestjs/common';
import { BannerService } from '../../announcement/banner.service';
import { CreateBannerDto } from '../../announcement/dto/banner.dto';
import { CreateNoticeDto } from '../../announcement/dto/notice.dto';
import { NoticeService } from '../../announcement/notice.service';
import { UserService } from '../../auth/user.service';
import { NotFoundError, UnprocessableReferenceError } from '../../common/errors/domain-error';
import { parseId } from '../../common/validation/is-id';
import { AppPrincipal } from '../../common/http/request-principal';
import { AddGroupMembersDto, CreateGroupDto, GroupDto } from '../../group/dto/group.dto';
import { GroupMembersService } from '../../group/group-members.service';
import { GroupService } from '../../group/group.service';
import { MergedHistoryService } from '../../message/merged-history.service';
import { actingUser, nativeInput, withVendorFields } from '../vendor-input';
import {
  YunzhijiaActorDto,
  YunzhijiaAddGroupUserDto,
  YunzhijiaBannerDto,
  YunzhijiaCreateBannerDto,
  YunzhijiaCreateGroupDto,
  YunzhijiaCreateNoticeDto,
  YunzhijiaGroupActionDto,
  YunzhijiaGroupDto,
  YunzhijiaGroupUsersDto,
  YunzhijiaNoticeDto,
} from './dto/yunzhijia.dto';

/** Yunzhijia's `groupType` of a multi-person group: every Party group is one. */
const GROUP_TYPE_MULTI = 2;
/** Yunzhijia's `status` of a working group (the seed's value); a dissolved group answers 0. */
const STATUS_ACTIVE = 1059;
const STATUS_DISSOLVED = 0;

const GROUP_FIELDS = { name: 'groupName', user_ids: 'userIds' };
const BANNER_FIELDS = {
  title: 'params.title',
  content: 'params.content',
  thumb_url: 'params.thumbUrl',
  webpage_url: 'params.webpageUrl',
  primary_content: 'params.primaryContent',
  content_url: 'params.contentUrl',
  light_app_id: 'params.lightAppId',
};

/**
 * Seed 002 (Yunzhijia) over the native services: a system app acts as `currentUid`, whose
 * memberships and roles the native services check as for his own token.
 */
@Injectable()
export class YunzhijiaService {
  constructor(
    private readonly users: UserService,
    private readonly groups: GroupService,
    private readonly members: GroupMembersService,
    private readonly notices: NoticeService,
    private readonly banners: BannerService,
    private readonly histories: MergedHistoryService,
  ) {}

  async createGroup(body: YunzhijiaCreateGroupDto): Promise<YunzhijiaGroupDto> {
    const actor = await this.actor(body);
    const input = await nativeInput(
      CreateGroupDto,
      { name: body.groupName, user_ids: body.userIds },
      GROUP_FIELDS,
    );
    return toGroup(await withVendorFields(GROUP_FIELDS, () => this.groups.create(actor, input)));
  }

  async addGroupUser(body: YunzhijiaAddGroupUserDto): Promise<YunzhijiaGroupDto> {
    const [actor, groupId] = await this.groupAction(body);
    const input = await nativeInput(AddGroupMembersDto, { user_ids: body.userIds }, GROUP_FIELDS);
    const group = await withVendorFields(GROUP_FIELDS, () =>
      this.members.addMembers(actor, groupId, input.user_ids),
    );
    return toGroup(group);
  }

  async createNotice(body: YunzhijiaCreateNoticeDto): Promise<YunzhijiaNoticeDto> {
    const [actor, groupId] = await this.groupAction(body);
    const input = await nativeInput(
      CreateNoticeDto,
      { title: body.title, content: body.content },
      {},
    );
    const notice = await this.notices.createNotice(actor, groupId, input);
    return {
      noticeId: notice.id,
      creator: notice.creator.name,
      title: notice.title,
      content: notice.content,
      createTime: notice.created_at.getTime(),
    };
  }

  async createBanner(body: YunzhijiaCreateBannerDto): Promise<YunzhijiaBannerDto> {
    const [actor, groupId] = await this.groupAction(body);
    const params = body.params;
    const input = await nativeInput(
      CreateBannerDto,
      {
        title: params.title,
        content: params.content,
        thumb_url: params.thumbUrl,
        webpage_url: params.webpageUrl,
        primary_content: params.primaryContent,
        content_url: params.contentUrl,
        light_app_id: params.lightAppId,
      },
      BANNER_FIELDS,
    );
    const banner = await this.banners.createBanner(actor, groupId, input);
    return { bannerId: banner.id };
  }

  /** The whole history the acting member may see, frozen: its merge id. */
  async createMergedHistory(app: AppPrincipal, body: YunzhijiaGroupActionDto): Promise<string> {
    const [actor, groupId] = await this.groupAction(body);
    const created = await this.histories.create(actingUser(app, actor), groupId, {});
    return created.merge_id;
  }

  async groupUsers(body: YunzhijiaGroupActionDto): Promise<YunzhijiaGroupUsersDto> {
    const [actor, groupId] = await this.groupAction(body);
    const ids = await this.members.memberIds(actor, groupId);
    return { managerIds: ids.manager_ids, participantIds: ids.participant_ids };
  }

  /** `currentUid` must name a user: 422 `unknown_reference` otherwise. */
  private async actor(body: YunzhijiaActorDto): Promise<string> {
    const missing = await this.users.missingIds([body.currentUid]);
    if (missing.length > 0)
      throw new UnprocessableReferenceError('unknown_reference', 'currentUid', missing);
    return body.currentUid;
  }

  /** The acting user and the group; a `groupId` that cannot be an id is an unknown group (404). */
  private async groupAction(body: YunzhijiaGroupActionDto): Promise<[string, string]> {
    const actor = await this.actor(body);
    const groupId = parseId(body.groupId);
    if (groupId === null) throw new NotFoundError('group');
    return [actor, groupId];
  }
}

function toGroup(group: GroupDto): YunzhijiaGroupDto {
  return {
    groupId: group.id,
    groupName: group.name,
    groupType: GROUP_TYPE_MULTI,
    status: group.status === 'active' ? STATUS_ACTIVE : STATUS_DISSOLVED,
  };
}
