import { FILE_NAME_MAX, sanitizeFileName } from '../../src/common/storage/file-name';
import { contentDisposition, resolveRange } from '../../src/share-file/share-file.http';

describe('shared file rules', () => {
  it('sanitizes names', () => {
    expect(sanitizeFileName('C:\\Users\\me\\报告.pdf')).toBe('报告.pdf');
    expect(sanitizeFileName('  a<b>.txt.. ')).toBe('a_b_.txt');
    expect(sanitizeFileName(undefined)).toBe('file');
    expect(sanitizeFileName('\u0000\u0001')).toBe('file');
    const long = sanitizeFileName(`${'名'.repeat(300)}.docx`);
    expect(Array.from(long)).toHaveLength(FILE_NAME_MAX);
    expect(long.endsWith('名.docx')).toBe(true);
    // NFD input is stored composed.
    expect(sanitizeFileName('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it('writes RFC 6266 dispositions with an ASCII fallback', () => {
    expect(contentDisposition("it's (1)*.txt")).toBe(
      `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`,
    );
    expect(contentDisposition('a"b\\%.txt')).toBe(
      `attachment; filename="a_b__.txt"; filename*=UTF-8''a%22b%5C%25.txt`,
    );
  });

  it('resolves single byte ranges', () => {
    const etag = '"x"';
    expect(resolveRange(undefined, undefined, 10, etag)).toBeNull();
    expect(resolveRange('bytes=0-0', undefined, 10, etag)).toEqual({ start: 0, end: 0 });
    expect(resolveRange('bytes=-20', undefined, 10, etag)).toEqual({ start: 0, end: 9 });
    expect(resolveRange('bytes=5-2', undefined, 10, etag)).toBeNull();
    expect(resolveRange('bytes=-', undefined, 10, etag)).toBeNull();
    expect(resolveRange('bytes=0-1', '"x"', 10, etag)).toEqual({ start: 0, end: 1 });
    expect(() => resolveRange('bytes=-0', undefined, 10, etag)).toThrow('range_not_satisfiable');
    expect(() => resolveRange('bytes=0-', undefined, 0, etag)).toThrow('range_not_satisfiable');
  });
});
