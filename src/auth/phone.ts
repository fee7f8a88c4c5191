import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface NormalizedMobile {
  /** `+8615158166372` */
  e164: string;
  /** Country calling code without `+` (`86`). */
  phoneCode: string;
}

/**
 * E.164 from a country calling code (`86`, `+86`) and a national number, or null when the pair
 * is not a possible mobile / fixed-line number. A `mobile` already in `+...` form is read as is.
 */
export function normalizeMobile(
  phoneCode: string | undefined,
  mobile: string,
): NormalizedMobile | null {
  const digits = mobile.replace(/[\s().-]/g, '');
  const code = (phoneCode ?? '').replace(/^\+/, '').trim();
  let text: string;
  if (digits.startsWith('+')) text = digits;
  else if (/^\d{1,4}$/.test(code)) text = `+${code}${digits}`;
  else return null;
  if (!/^\+\d{4,17}$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, phoneCode: parsed.countryCallingCode };
}
