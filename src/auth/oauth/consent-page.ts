import { Locale } from '../../common/i18n/locale';
import { MessageParams, translate } from '../../common/i18n/messages';
import '../auth.messages';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Localized text, HTML-escaped (parameters included). */
export function t(code: string, locale: Locale, params: MessageParams = {}): string {
  return escapeHtml(translate(code, locale, params) ?? code);
}

function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n      ');
}

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", sans-serif; background: #f4f5f7; margin: 0; }
  main { max-width: 420px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 28px 32px; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  h1 { font-size: 1.35rem; margin: 0 0 16px; }
  label { display: block; margin: 12px 0 4px; font-size: .9rem; color: #333; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 9px 10px; border: 1px solid #c9ccd1; border-radius: 6px; font-size: 1rem; }
  button { padding: 9px 18px; border-radius: 6px; border: 1px solid #2f6fed; background: #2f6fed; color: #fff; font-size: 1rem; cursor: pointer; margin-top: 18px; }
  button.secondary { background: #fff; color: #2f6fed; }
  button.link { background: none; border: none; color: #666; padding: 0; font-size: .85rem; margin-top: 14px; }
  ul.scopes { padding-left: 20px; } ul.scopes li { margin: 8px 0; } ul.scopes code { color: #555; font-size: .8rem; }
  .error { color: #b42318; background: #fef3f2; border-radius: 6px; padding: 8px 10px; }
  .note { color: #666; font-size: .85rem; word-break: break-all; }
  .actions { display: flex; gap: 12px; }`;

export function renderPage(locale: Locale, title: string, content: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${title}</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
    ${content}
  </main>
</body>
</html>`;
}

/** The sign-in form: posts `login`, `password`, the CSRF token and `fields` to `action`. */
export function renderSignIn(options: {
  locale: Locale;
  action: string;
  /** One sentence under the title (plain text). */
  lead: string;
  fields: Record<string, string>;
  csrfToken: string;
  /** Why the last try failed (plain text), or null. */
  failure: string | null;
  login?: string;
}): string {
  const { locale } = options;
  const title = t('consent.sign_in_title', locale);
  return renderPage(
    locale,
    title,
    `<h1>${title}</h1>
    <p>${escapeHtml(options.lead)}</p>
    ${options.failure ? `<p class="error" role="alert">${escapeHtml(options.failure)}</p>` : ''}
    <form method="post" action="${escapeHtml(options.action)}">
      ${hiddenFields({ ...options.fields, csrf_token: options.csrfToken })}
      <label for="login">${t('consent.login', locale)}</label>
      <input type="text" id="login" name="login" autocomplete="username" required value="${escapeHtml(options.login ?? '')}">
      <label for="password">${t('consent.password', locale)}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required>
      <button type="submit" id="sign-in">${t('consent.sign_in', locale)}</button>
    </form>`,
  );
}

export function renderConsent(options: {
  locale: Locale;
  appName: string;
  userName: string;
  scopes: string[];
  redirectUri: string;
  params: Record<string, string>;
  csrfToken: string;
}): string {
  const { locale } = options;
  const title = t('consent.title', locale, { app: options.appName });
  const scopes = options.scopes
    .map((scope) => `<li>${t(`scope.${scope}`, locale)} <code>${escapeHtml(scope)}</code></li>`)
    .join('\n      ');
  const hidden = hiddenFields({ ...options.params, csrf_token: options.csrfToken });
  return renderPage(
    locale,
    title,
    `<h1>${title}</h1>
    <p>${t('consent.lead', locale, { app: options.appName, user: options.userName })}</p>
    <ul class="scopes">
      ${scopes}
    </ul>
    <p class="note">${t('consent.redirect_note', locale, { uri: options.redirectUri })}</p>
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <div class="actions">
        <button type="submit" name="decision" value="approve" id="approve">${t('consent.approve', locale)}</button>
        <button type="submit" name="decision" value="deny" id="deny" class="secondary">${t('consent.deny', locale)}</button>
      </div>
    </form>
    <form method="post" action="/oauth/authorize/sign-out">
      ${hidden}
      <button type="submit" class="link" id="switch-account">${t('consent.switch_account', locale)}</button>
    </form>`,
  );
}

export function renderError(locale: Locale, message: string): string {
  const title = t('consent.error_title', locale);
  return renderPage(
    locale,
    title,
    `<h1>${title}</h1>\n    <p class="error">${escapeHtml(message)}</p>`,
  );
}
