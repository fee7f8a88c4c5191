import { Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { DomainError, ValidationFailedError } from '../../common/errors/domain-error';
import { AppPrincipal } from '../../common/http/request-principal';
import { MAX_PER_PAGE, PageQueryDto, Paginated } from '../../common/pagination/pagination';
import { AdminUsersQueryDto } from '../../group/dto/group-admin.dto';
import { GroupAdminService } from '../../group/group-admin.service';
import { PushNotificationDto } from '../../notify/dto/push-notification.dto';
import { NotifyService } from '../../notify/notify.service';
import '../compat.messages';
import { CompatSettingsRepository } from '../compat-settings.repository';
import { nativeInput, withVendorFields } from '../vendor-input';
import { XuanxuanQueryDto, XuanxuanUsersQueryDto } from './dto/xuanxuan.dto';

/** Native field name → seed 001's, for the errors of a push. */
const NOTIFY_FIELDS = {
  user_ids: 'userList',
  group_id: 'gid',
  content_type: 'contentType',
};

/** Seed 001's `contentType`: `text` is Markdown. */
const CONTENT_TYPES: Record<string, string> = { plain: 'plain', text: 'markdown' };

/** Seed 001's default button look; Party's default (no `type`) is the same. */
const DEFAULT_ACTION_TYPE = 'normal';

/**
 * Seed 001 (Xuanxuan) over the native app-level services: the directory reads of `admin/*`
 * (`party_admin`) and the notification push (`party_notify`). The token's system app must carry
 * the `code` the call names (`compat:set`).
 */
@Injectable()
export class XuanxuanService {
  constructor(
    private readonly settings: CompatSettingsRepository,
    private readonly admin: GroupAdminService,
    private readonly notifications: NotifyService,
  ) {}

  /** Every group, `{id: name}`, oldest first (read page by page from the native list). */
  async chatGroups(app: AppPrincipal, query: XuanxuanQueryDto): Promise<Record<string, string>> {
    await this.requireCode(app, query.code);
    const groups = await everyPage((page) => this.admin.listGroups(page));
    return Object.fromEntries(groups.map((group) => [group.id, group.name]));
  }

  /** Every user, or a group's current members, `{id: display name}`. */
  async chatUsers(
    app: AppPrincipal,
    query: XuanxuanUsersQueryDto,
  ): Promise<Record<string, string>> {
    await this.requireCode(app, query.code);
    const gid = query.gid === '' ? undefined : query.gid;
    const checked = await nativeInput(AdminUsersQueryDto, { group_id: gid }, { group_id: 'gid' });
    const users = await withVendorFields({ group_id: 'gid' }, () =>
      everyPage((page) => this.admin.listUsers(checked.group_id, page)),
    );
    return Object.fromEntries(users.map((user) => [user.id, user.name]));
  }

  async notify(app: AppPrincipal, query: XuanxuanQueryDto, request: FastifyRequest): Promise<void> {
    await this.requireCode(app, query.code);
    const message = parseMessage(await readDataField(request));
    const actions = Array.isArray(message.actions)
      ? message.actions.map((action: unknown) => withoutDefaultType(action))
      : message.actions;
    const sender = message.sender;
    const push = await nativeInput(
      PushNotificationDto,
      {
        receiver: message.receiver,
        user_ids: message.userList,
        group_id: message.gid,
        title: message.title,
        subtitle: message.subtitle ?? message.subTitle,
        content: message.content,
        content_type:
          typeof message.contentType === 'string'
            ? (CONTENT_TYPES[message.contentType] ?? message.contentType)
            : message.contentType,
        url: message.url,
        actions,
        sender,
      },
      NOTIFY_FIELDS,
    );
    await withVendorFields(NOTIFY_FIELDS, () => this.notifications.push(app, push));
  }

  /** The call's `code` must be the token's app's: 404 `compat_app_not_found` otherwise. */
  private async requireCode(app: AppPrincipal, code: string): Promise<void> {
    const settings = await this.settings.settingsOf(app.appId, 'xuanxuan');
    if (settings.code === undefined || settings.code !== code) {
      throw new DomainError(404, 'compat_app_not_found', { vendor_app: code });
    }
  }
}

/** Every item of a native paginated list, `MAX_PER_PAGE` at a time. */
async function everyPage<T>(read: (page: PageQueryDto) => Promise<Paginated<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let number = 1; ; number += 1) {
    const page = Object.assign(new PageQueryDto(), { page: number, per_page: MAX_PER_PAGE });
    const result = await read(page);
    items.push(...result.data);
    if (result.data.length < MAX_PER_PAGE || items.length >= result.total_count) return items;
  }
}

type XuanxuanMessage = Record<string, unknown> & { actions?: unknown };

/** The JSON object of the `data` field; a 400 naming `data` when it is not one. */
function parseMessage(data: unknown): XuanxuanMessage {
  let value = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data) as unknown;
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationFailedError([
      { field: 'data', code: 'isJsonObject', fallbackMessage: 'data must be a JSON object' },
    ]);
  }
  return value as XuanxuanMessage;
}

function withoutDefaultType(action: unknown): unknown {
  if (typeof action !== 'object' || action === null) return action;
  const { type, ...rest } = action as Record<string, unknown>;
  return type === DEFAULT_ACTION_TYPE ? rest : { ...rest, type };
}

/**
 * The form field `data`: multipart (the seed's `FormData`), URL-encoded, or a JSON body's
 * `data` (a string, or the object itself). A file part or a second `data` is a 400.
 */
async function readDataField(request: FastifyRequest): Promise<unknown> {
  if (!request.isMultipart()) {
    const body = request.body as Record<string, unknown> | undefined;
    return typeof body === 'object' && body !== null ? body.data : undefined;
  }
  let data: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file' || part.fieldname !== 'data' || data !== undefined) {
      if (part.type === 'file') part.file.resume();
      throw new ValidationFailedError([
        {
          field: part.fieldname,
          code: 'whitelistValidation',
          fallbackMessage: `${part.fieldname} is not expected: send one field data`,
        },
      ]);
    }
    data = String(part.value);
  }
  return data;
}
