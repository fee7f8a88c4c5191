import { Type } from '@nestjs/common';
import { OpenAPIObject, getSchemaPath } from '@nestjs/swagger';
import type {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AnnouncementDto } from '../announcement/dto/announcement.dto';
import { BannerDto } from '../announcement/dto/banner.dto';
import { NoticeDto } from '../announcement/dto/notice.dto';
import { BlockDto } from '../contact/dto/block.dto';
import { FriendRequestDto } from '../contact/dto/friend-request.dto';
import { FriendshipDto } from '../contact/dto/friendship.dto';
import { GroupDto } from '../group/dto/group.dto';
import { MessageDto } from '../message/dto/message.dto';
import { NotificationItemDto } from '../notify/dto/notification.dto';
import { ShareFileDto } from '../share-file/dto/share-file.dto';
import {
  ContactListUpdatedEventDataDto,
  ConversationReadEventDataDto,
  FriendshipRemovedEventDataDto,
  GroupContentRemovedEventDataDto,
  GroupMemberEventDataDto,
  ReceiptEventDataDto,
  TypingEventDataDto,
} from './dto/event-payloads.dto';
import { EVENT_SCOPES, StoredEventType, TYPING_EVENT } from './event-catalogue';

/** The `data` of each event type: a REST DTO, and whether the event adds the group's id. */
const EVENT_DATA: Record<StoredEventType, { dto: Type; groupId?: true }> = {
  'message.created': { dto: MessageDto },
  'message.read': { dto: ReceiptEventDataDto },
  'message.delivered': { dto: ReceiptEventDataDto },
  'conversation.read': { dto: ConversationReadEventDataDto },
  'contact_list.updated': { dto: ContactListUpdatedEventDataDto },
  'friend_request.created': { dto: FriendRequestDto },
  'friend_request.accepted': { dto: FriendRequestDto },
  'friend_request.rejected': { dto: FriendRequestDto },
  'friend_request.withdrawn': { dto: FriendRequestDto },
  'friendship.created': { dto: FriendshipDto },
  'friendship.updated': { dto: FriendshipDto },
  'friendship.removed': { dto: FriendshipRemovedEventDataDto },
  'block.created': { dto: BlockDto },
  'block.removed': { dto: BlockDto },
  'group.created': { dto: GroupDto },
  'group.updated': { dto: GroupDto },
  'group.dissolved': { dto: GroupDto },
  'group.restored': { dto: GroupDto },
  'group.merged': { dto: GroupMemberEventDataDto },
  'group.member_added': { dto: GroupMemberEventDataDto },
  'group.member_removed': { dto: GroupMemberEventDataDto },
  'group.member_left': { dto: GroupMemberEventDataDto },
  'group.member_updated': { dto: GroupMemberEventDataDto },
  'group.owner_changed': { dto: GroupMemberEventDataDto },
  'group.announcement_updated': { dto: AnnouncementDto, groupId: true },
  'group.notice_created': { dto: NoticeDto, groupId: true },
  'group.notice_deleted': { dto: GroupContentRemovedEventDataDto },
  'group.banner_created': { dto: BannerDto, groupId: true },
  'group.banner_deleted': { dto: GroupContentRemovedEventDataDto },
  'group.share_file_created': { dto: ShareFileDto, groupId: true },
  'group.share_file_deleted': { dto: GroupContentRemovedEventDataDto },
  'notification.created': { dto: NotificationItemDto },
};

/** Models the spec must hold for the event schemas to point at. */
export const EVENT_DATA_MODELS: Type[] = [
  ...new Set([...Object.values(EVENT_DATA).map((entry) => entry.dto), TypingEventDataDto]),
];

function schemaName(type: string): string {
  const words = type.split(/[._]/).map((word) => word[0].toUpperCase() + word.slice(1));
  return `${words.join('')}Event`;
}

function eventSchema(
  type: string,
  data: SchemaObject | ReferenceObject,
  description: string,
): SchemaObject {
  return {
    type: 'object',
    description,
    required: ['id', 'type', 'created_at', 'created_at_string', 'data'],
    properties: {
      id: {
        type: 'string',
        nullable: type === TYPING_EVENT,
        description: 'Opaque, ordered cursor (null for typing)',
        example: '1043-77',
      },
      type: { type: 'string', enum: [type] },
      created_at: { type: 'string', format: 'date-time', example: '2026-12-04T08:10:30Z' },
      created_at_string: { type: 'string', example: '2026年12月4日 16:10:30 CST' },
      data,
    },
  };
}

/**
 * One schema per event type (`MessageCreatedEvent`, ...) and `Event`, their `oneOf` by `type`;
 * the long-poll page's items point at it.
 */
export function addEventSchemas(document: OpenAPIObject): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  const mapping: Record<string, string> = {};
  const variants: ReferenceObject[] = [];
  const add = (type: string, data: SchemaObject | ReferenceObject, description: string) => {
    const name = schemaName(type);
    schemas[name] = eventSchema(type, data, description);
    mapping[type] = `#/components/schemas/${name}`;
    variants.push({ $ref: mapping[type] });
  };
  for (const [type, entry] of Object.entries(EVENT_DATA)) {
    const ref = { $ref: getSchemaPath(entry.dto) };
    const data: SchemaObject | ReferenceObject = entry.groupId
      ? {
          allOf: [
            ref,
            {
              type: 'object',
              required: ['group_id'],
              properties: { group_id: { type: 'string' } },
            },
          ],
        }
      : ref;
    add(type, data, `Needs scope \`${EVENT_SCOPES[type as StoredEventType]}\`.`);
  }
  add(
    TYPING_EVENT,
    { $ref: getSchemaPath(TypingEventDataDto) },
    'WebSocket only, never stored; needs scope `party_message`.',
  );
  schemas.Event = {
    description: 'An event of the log (`GET events`, `GET events/stream`, `GET ws`), by `type`.',
    oneOf: variants,
    discriminator: { propertyName: 'type', mapping },
  };
  const page = schemas.EventPageDto as SchemaObject | undefined;
  const data = page?.properties?.data as SchemaObject | undefined;
  if (data) data.items = { $ref: '#/components/schemas/Event' };
}
