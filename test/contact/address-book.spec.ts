import { hashNumber, normalizeNumber } from '../../src/contact/address-book.service';

describe('address-book numbers', () => {
  it.each([
    ['+86 151-5816-6372', '86', '+8615158166372'],
    ['15158166372', '86', '+8615158166372'],
    ['(415) 555-2671', '1', '+14155552671'],
    ['+1 415 555 2671', '86', '+14155552671'],
    ['+86 151 5816 6372', '999', '+8615158166372'],
    ['15158166372', 'abc', null],
    ['12345', '86', null],
    ['not a number', '86', null],
    ['+', '86', null],
  ])('reads %s with code %s as %s', (text, code, expected) => {
    expect(normalizeNumber(text, code)).toBe(expected);
  });

  it('hashes the E.164 form with SHA-256', () => {
    expect(hashNumber('+8615158166372')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashNumber('+8615158166372')).toBe(hashNumber('+8615158166372'));
  });
});
