import { Injectable, OnModuleInit } from '@nestjs/common';
import sanitizeHtml from 'sanitize-html';

type MarkedModule = typeof import('marked');

/**
 * `marked` ships as an ES module only. A real dynamic `import()` (which the CommonJS build would
 * otherwise rewrite into `require`) loads it the same way under Node and under Jest. The string is
 * a constant: nothing from a request is evaluated.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<MarkedModule>;

/** What survives sanitizing: formatting, lists, tables, code, links and images over http(s). */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'wbr'),
    'img',
    'del',
    's',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Turns notification content into the HTML clients may show as is. */
@Injectable()
export class NotificationRenderer implements OnModuleInit {
  private marked: MarkedModule['marked'] | null = null;

  async onModuleInit(): Promise<void> {
    this.marked = (await importEsm('marked')).marked;
  }

  /** Markdown: rendered (GitHub flavour) then sanitized. Plain: escaped, paragraphs and line breaks kept. */
  toHtml(content: string | null, contentType: 'plain' | 'markdown'): string | null {
    if (content === null || content === '') return content === '' ? '' : null;
    if (contentType === 'plain') return plainToHtml(content);
    if (!this.marked) throw new Error('NotificationRenderer used before module init');
    const html = this.marked.parse(content, { async: false, gfm: true, breaks: true });
    return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
  }
}

export function plainToHtml(content: string): string {
  return content
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
