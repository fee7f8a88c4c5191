import { Injectable } from '@nestjs/common';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** CommonMark plus tables and strikethrough; inline HTML is let through to the sanitizer, which keeps only safe tags. */
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: true });

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
export class NotificationRenderer {
  /** Markdown: rendered (CommonMark, tables, strikethrough) then sanitized. Plain: escaped, paragraphs and line breaks kept. */
  toHtml(content: string | null, contentType: 'plain' | 'markdown'): string | null {
    if (content === null || content === '') return content === '' ? '' : null;
    if (contentType === 'plain') return plainToHtml(content);
    return sanitizeHtml(markdown.render(content), SANITIZE_OPTIONS).trim();
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
