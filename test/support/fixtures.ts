import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import { Scope, USER_SCOPES } from '../../src/common/http/request-principal';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  username: string;
  nickname: string;
  password: string;
  token: string;
}

export interface TestAppClient {
  appId: string;
  clientId: string;
  token: string;
}

let counter = 0;

/**
 * Seeds a user (argon2id-hashed password) and a user token with the given scopes, straight
 * through the app's own services. Tests of registration and login go through HTTP instead.
 */
export async function createUser(
  t: TestApp,
  options: {
    username?: string;
    nickname?: string;
    scopes?: readonly Scope[];
    mobile?: string;
    timeZone?: string;
  } = {},
): Promise<TestUser> {
  counter += 1;
  const username = options.username ?? `u${randomBytes(4).toString('hex')}${counter}`.slice(0, 16);
  const nickname = options.nickname ?? username;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const dataSource = t.app.get(DataSource);
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO users (username, username_lower, password_hash, nickname, mobile, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      username,
      username.toLowerCase(),
      await argon2.hash(password, { type: argon2.argon2id }),
      nickname,
      options.mobile ?? null,
      options.timeZone ?? 'UTC',
    ],
  );
  const id = rows[0].id;
  const issued = await t.app.get(TokenService).issue({
    userId: id,
    appId: null,
    scopes: options.scopes ?? USER_SCOPES,
    grantType: 'password',
    expiresIn: 3600,
    refreshTtlSeconds: null,
  });
  return { id, username, nickname, password, token: issued.accessToken };
}

/** Seeds an app (system app when `system`) and an app token with the given scopes. */
export async function createAppClient(
  t: TestApp,
  options: { scopes: readonly Scope[]; system?: boolean; name?: string },
): Promise<TestAppClient> {
  const dataSource = t.app.get(DataSource);
  const clientId = `app_${randomBytes(8).toString('hex')}`;
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO apps (client_id, client_secret_hash, name, scopes, is_system)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [clientId, 'x'.repeat(64), options.name ?? 'Test app', options.scopes, options.system ?? false],
  );
  const issued = await t.app.get(TokenService).issue({
    userId: null,
    appId: rows[0].id,
    scopes: options.scopes,
    grantType: 'client_credentials',
    expiresIn: 3600,
    refreshTtlSeconds: null,
  });
  return { appId: rows[0].id, clientId, token: issued.accessToken };
}
