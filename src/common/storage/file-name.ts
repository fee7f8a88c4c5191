/** Longest kept file name, in Unicode code points. */
export const FILE_NAME_MAX = 255;
const EXTENSION_MAX = 16;

/**
 * A client's file name made safe to store and to send back: the last path segment only, no
 * control, bidirectional-override or unpaired surrogate characters, no characters reserved on common file systems,
 * no surrounding spaces or trailing dots, at most 255 characters (the extension kept), NFC.
 * Nothing left gives `file`.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const segment = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = Array.from(segment)
    .filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return !(
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0xd800 && code <= 0xdfff) ||
        code === 0x200e ||
        code === 0x200f ||
        (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069)
      );
    })
    .map((c) => ('<>:"|?*'.includes(c) ? '_' : c))
    .join('')
    .trim()
    .replace(/[.\s]+$/, '');
  if (cleaned === '' || /^\.+$/.test(cleaned)) return 'file';
  const chars = Array.from(cleaned);
  if (chars.length <= FILE_NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = extension.length > 0 && extension.length <= EXTENSION_MAX ? extension : [];
  return chars.slice(0, FILE_NAME_MAX - keep.length).join('') + keep.join('');
}
