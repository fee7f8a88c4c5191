import { Locale } from './locale';
import { translate } from './messages';

/**
 * The human label of a state (`state_string`, `status_string`...): services put a `Label` where
 * the text goes and the reader's language is applied where the answer is written (the response
 * serializer, or event delivery), as with times; no service needs the caller's locale.
 */
export class Label {
  constructor(
    /** Catalogue code of the text, e.g. `friend_request.state.pending`. */
    readonly code: string,
    /** What to show when the catalogue has no text for the code: the raw value. */
    readonly fallback: string,
  ) {}

  in(locale: Locale): string {
    return translate(this.code, locale) ?? this.fallback;
  }
}

/** The label of `value` under the catalogue prefix, e.g. `label('group.status.', 'active')`. */
export function label(prefix: string, value: string): Label {
  return new Label(`${prefix}${value}`, value);
}
