import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../support/test-app';

let phoneCounter = 0;

/** A fresh, valid Chinese mobile number (national form) for one test. */
export function freshMobile(): string {
  phoneCounter += 1;
  const tail = String((Date.now() * 7 + phoneCounter * 7919 + process.pid) % 100_000_000).padStart(
    8,
    '0',
  );
  return `139${tail}`;
}

export interface OutboxLine {
  phone: string;
  code: string;
  purpose: string;
  sent_at: string;
}

export function outbox(t: TestApp): OutboxLine[] {
  const file = join(t.dataDir, 'sms-outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxLine);
}

/** The newest code the dev outbox holds for a number (E.164) and purpose. */
export function lastCode(t: TestApp, phone: string, purpose: string): string {
  const lines = outbox(t).filter((line) => line.phone === phone && line.purpose === purpose);
  if (lines.length === 0) throw new Error(`No ${purpose} code sent to ${phone}`);
  return lines[lines.length - 1].code;
}

/** Sends a code through the API and returns it from the outbox. */
export async function sendCode(t: TestApp, mobile: string, purpose: string): Promise<string> {
  const res = await t.post('auth/verify-codes', { phone_code: '86', mobile, purpose });
  if (res.status !== 201) throw new Error(`verify-codes answered ${res.status}: ${res.text}`);
  return lastCode(t, `+86${mobile}`, purpose);
}

/** Registers a user through the API (verify code and all). */
export async function registerUser(
  t: TestApp,
  options: { username: string; password?: string; nickname?: string; mobile?: string },
): Promise<{ id: string; username: string; password: string; mobile: string }> {
  const mobile = options.mobile ?? freshMobile();
  const password = options.password ?? 'correct horse battery';
  const code = await sendCode(t, mobile, 'register');
  const res = await t.post('auth/register', {
    username: options.username,
    password,
    phone_code: '86',
    mobile,
    verify_code: code,
    ...(options.nickname ? { nickname: options.nickname } : {}),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
  return { id: res.body.id, username: options.username, password, mobile };
}

/** `POST /oauth/token` with a form body. */
export function tokenRequest(
  t: TestApp,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return t.post('/oauth/token', new URLSearchParams(params), {
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/**
 * Basic credentials as `openid-client` (oauth4webapi) sends them: every character but letters
 * and digits percent-encoded (`party_…` becomes `party%5F…`).
 */
export function strictBasic(clientId: string, secret: string): string {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(
      /[-_.!~*'()]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A browser-less walk through the consent page, keeping cookies like a browser would. */
export class ConsentClient {
  private readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The `Cookie` header this browser sends. */
  cookies(): string {
    return this.cookieHeader();
  }

  private keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader() },
    });
    this.keep(response);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }

  async post(path: string, form: Record<string, string>) {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    this.keep(response);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }

  /** The hidden fields of the first form on a page. */
  static hidden(html: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[match[1]] ??= match[2]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
    }
    return fields;
  }
}

/** PKCE pair (RFC 7636, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash, randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
