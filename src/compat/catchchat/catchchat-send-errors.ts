import { DomainError, UnprocessableReferenceError } from '../../common/errors/domain-error';
import { CreateCatchChatMessageDto } from './dto/catchchat-message.dto';

/** The ids a CatchChat send named, as the client wrote them. */
export type SentIds = Pick<CreateCatchChatMessageDto, 'recipient_id' | 'parent_id'>;

/** The body fields CatchChat calls what the native send names. */
const FIELD_NAMES: Record<string, keyof CreateCatchChatMessageDto> = {
  to_user: 'recipient_id',
  to_group: 'recipient_id',
  parent_id: 'parent_id',
  content: 'text_content',
};

/**
 * A refusal of the native send, in the fields and ids the CatchChat client sent (never
 * `to_user` and a UUID it has not seen); anything else as it is.
 */
export function inCatchChatTerms(error: unknown, body: SentIds): unknown {
  if (!(error instanceof DomainError) || error.details.length === 0) return error;
  const field = FIELD_NAMES[error.details[0].field];
  if (!field) return error;
  if (error instanceof UnprocessableReferenceError) {
    const sent = field === 'parent_id' ? body.parent_id : body.recipient_id;
    return new UnprocessableReferenceError(
      error.code as 'unknown_reference' | 'not_addable',
      field,
      [sent ?? ''],
    );
  }
  return new DomainError(
    error.status,
    error.code,
    error.params,
    error.details.map((detail) => ({
      ...detail,
      field: FIELD_NAMES[detail.field] ?? detail.field,
    })),
    error.body,
  );
}
