import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { HtmlAnswer } from '../common/http/html-page';
import { DEFAULT_LOCALE, isSupportedLocale, preferredLocale } from '../common/i18n/locale';
import { ConsentService } from '../auth/oauth/consent.service';
import { UserService } from '../auth/user.service';
import { renderMergedHistoryPage } from './merged-history-page';
import {
  CreateMergedHistoryDto,
  MAX_MERGED_MESSAGES,
  MergedHistoryCreatedDto,
  MergedHistoryDto,
} from './dto/merged-history.dto';
import { MessagePresenter } from './message-presenter';
import { MessageRepository, MessageRow } from './message.repository';
import './message.messages';

interface MergedRow {
  id: string;
  group_id: string;
  conversation_id: string;
  creator_id: string;
  from_seq: number;
  to_seq: number;
  messages: (Omit<MessageRow, 'created_at'> & { created_at: string })[];
  created_at: Date;
  name: string | null;
}

/** Frozen copies of a group's history (seed 002's mergeId), readable by the group's members. */
@Injectable()
export class MergedHistoryService {
  constructor(
    private readonly repository: MessageRepository,
    private readonly presenter: MessagePresenter,
    private readonly sessions: ConsentService,
    private readonly users: UserService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The caller's active membership of the group's conversation, or a 404. */
  private async requireMember(userId: string, groupId: string) {
    const member = (await this.repository.groupMembership(groupId, userId))?.membership;
    if (!member?.active) throw new NotFoundError('group');
    return member;
  }

  /**
   * Copies the public messages of [from_seq, to_seq] that the caller may see (at most the newest
   * 1,000 of them); group-private messages are never copied.
   */
  async create(
    caller: UserPrincipal,
    groupId: string,
    dto: CreateMergedHistoryDto,
  ): Promise<MergedHistoryCreatedDto> {
    if (dto.from_seq !== undefined && dto.to_seq !== undefined && dto.from_seq > dto.to_seq) {
      const params = { from_seq: dto.from_seq, to_seq: dto.to_seq };
      throw new ValidationFailedError([
        { field: 'from_seq', code: 'merged_history_range_reversed', params },
        { field: 'to_seq', code: 'merged_history_range_reversed', params },
      ]);
    }
    const member = await this.requireMember(caller.userId, groupId);
    const from = Math.max(dto.from_seq ?? 1, member.joined_seq + 1);
    const to = Math.min(dto.to_seq ?? member.last_seq, member.last_seq);
    // A transaction of its own, like every creation (an Idempotency-Key's mark joins it).
    const rows: { id: string; message_count: number }[] = await this.dataSource.transaction((tx) =>
      tx.query(
        `WITH picked AS (
         SELECT msg.id, msg.conversation_id, msg.seq, msg.sender_id, msg.recipient_id, msg.message_type,
                msg.content, msg.parent_id, msg.longitude, msg.latitude, msg.battery_level, msg.details,
                msg.client_msg_id, msg.created_at, c.kind, c.group_id, c.user_low, c.user_high
         FROM messages msg JOIN conversations c ON c.id = msg.conversation_id
         WHERE msg.conversation_id = $1 AND msg.seq BETWEEN $2 AND $3 AND msg.recipient_id IS NULL
         ORDER BY msg.seq DESC LIMIT ${MAX_MERGED_MESSAGES}
       )
       INSERT INTO merged_histories (group_id, conversation_id, creator_id, from_seq, to_seq, messages)
       SELECT $4, $1, $5, min(seq), max(seq), jsonb_agg(to_jsonb(picked) ORDER BY seq)
       FROM picked HAVING count(*) > 0
       RETURNING id, jsonb_array_length(messages) AS message_count`,
        [member.conversation_id, from, to, groupId, caller.userId],
      ),
    );
    if (rows.length === 0) throw new ConflictError('merged_history_empty');
    return { merge_id: rows[0].id, url: `/h/${rows[0].id}`, message_count: rows[0].message_count };
  }

  /**
   * `/h/{id}`, opened by a browser (a scanned QR code): read as the user of the browser's Party
   * session (the consent page's sign-in); without one, the sign-in page, which comes back here.
   * Never a token in the URL, which would end up in histories, logs and Referer headers.
   */
  async page(
    id: string,
    cookieHeader: string | undefined,
    acceptLanguage: string | undefined,
  ): Promise<HtmlAnswer> {
    const userId = await this.sessions.browserSessionUser(cookieHeader);
    const reader = userId ? await this.users.readerOf(userId) : null;
    if (!userId || !reader) {
      const signIn = `/oauth/sign-in?${new URLSearchParams({ return_to: `/h/${id}` }).toString()}`;
      return { status: 303, location: signIn, cookies: [], headers: {} };
    }
    const history = await this.read(userId, id);
    const locale =
      preferredLocale(acceptLanguage) ??
      (reader.locale && isSupportedLocale(reader.locale) ? reader.locale : DEFAULT_LOCALE);
    return {
      status: 200,
      html: renderMergedHistoryPage(history, locale, reader.timeZone),
      cookies: [],
      headers: {},
    };
  }

  async get(caller: UserPrincipal, id: string): Promise<MergedHistoryDto> {
    return this.read(caller.userId, id);
  }

  private async read(userId: string, id: string): Promise<MergedHistoryDto> {
    const rows: MergedRow[] = await this.dataSource.query(
      `SELECT h.*, c.name FROM merged_histories h JOIN conversations c ON c.id = h.conversation_id
       WHERE h.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('merged_history');
    await this.requireMember(userId, row.group_id).catch(() => {
      throw new NotFoundError('merged_history');
    });
    const messages = row.messages.map((message) => ({
      ...message,
      created_at: new Date(message.created_at),
    }));
    const [presented, people] = await Promise.all([
      this.presenter.present(userId, messages),
      this.presenter.people(userId, [row.creator_id]),
    ]);
    return {
      merge_id: row.id,
      group_id: row.group_id,
      group_name: row.name,
      creator: people.get(row.creator_id) ?? null,
      from_seq: row.from_seq,
      to_seq: row.to_seq,
      messages: presented,
      created_at: row.created_at,
    } as MergedHistoryDto;
  }
}
