import { toLocalizedString } from '../common/time/time-format';
import { Locale } from '../common/i18n/locale';
import { MergedHistoryDto } from './dto/merged-history.dto';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** The read-only, mobile-friendly page of a merged history (everything escaped, no scripts). */
export function renderMergedHistoryPage(
  history: MergedHistoryDto,
  locale: Locale,
  timeZone: string,
): string {
  const title = escapeHtml(
    history.group_name ?? (locale === 'zh-CN' ? '聊天记录' : 'Chat history'),
  );
  const items = history.messages
    .map((message) => {
      const who = escapeHtml(message.sender?.name ?? (locale === 'zh-CN' ? '系统' : 'System'));
      const when = escapeHtml(toLocalizedString(message.created_at, locale, timeZone));
      const body =
        message.content !== null
          ? escapeHtml(message.content)
          : `<em>${escapeHtml(message.message_type_string.in(locale))}</em>`;
      const files = message.attachments
        .map((file) => `<div class="file">📎 ${escapeHtml(file.file_name ?? file.mime)}</div>`)
        .join('');
      return `<li><div class="meta"><b>${who}</b> <time>${when}</time></div><div class="body">${body}</div>${files}</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>
body{margin:0;font:16px/1.5 -apple-system,system-ui,sans-serif;background:#f4f5f7;color:#222}
header{background:#2b6cb0;color:#fff;padding:12px 16px;font-weight:600}
ul{list-style:none;margin:0;padding:8px}
li{background:#fff;border-radius:8px;margin:8px 0;padding:10px 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.meta{font-size:13px;color:#666}.body{white-space:pre-wrap;word-break:break-word}
.file{font-size:14px;color:#2b6cb0}
</style>
</head>
<body>
<header>${title}</header>
<ul>
${items}
</ul>
</body>
</html>
`;
}
