import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { Paginated } from '../common/pagination/pagination';
import { AppRepository } from './app.repository';
import { TokenService } from './token.service';
import { AppDto, CreateAppDto, CreatedAppDto } from './dto/app.dto';
import { AppEntity } from './entities/app.entity';

export function toAppDto(app: AppEntity): AppDto {
  return {
    id: app.id,
    client_id: app.clientId,
    name: app.name,
    redirect_uris: app.redirectUris,
    scopes: app.scopes,
    created_at: app.createdAt,
  } as AppDto;
}

/** Third-party apps users register: OAuth 2.0 clients limited to user scopes. */
@Injectable()
export class AppService {
  constructor(
    private readonly apps: AppRepository,
    private readonly tokens: TokenService,
  ) {}

  /** The display name of an app, for modules that show who sent something; null when unknown. */
  async nameOf(appId: string): Promise<string | null> {
    return (await this.apps.findById(appId))?.name ?? null;
  }

  /** Who owns an app and whether it is a system app; null when it does not exist. */
  async describe(appId: string): Promise<{
    id: string;
    name: string;
    ownerId: string | null;
    isSystem: boolean;
    scopes: string[];
  } | null> {
    const app = await this.apps.findById(appId);
    return app
      ? {
          id: app.id,
          name: app.name,
          ownerId: app.ownerId,
          isSystem: app.isSystem,
          scopes: app.scopes,
        }
      : null;
  }

  async create(caller: UserPrincipal, body: CreateAppDto): Promise<CreatedAppDto> {
    const { app, clientSecret } = await this.apps.create({
      name: body.name,
      ownerId: caller.userId,
      redirectUris: body.redirect_uris,
      scopes: body.scopes,
      isSystem: false,
    });
    return { ...toAppDto(app), client_secret: clientSecret };
  }

  async list(
    caller: UserPrincipal,
    page: { page: number; per_page: number },
  ): Promise<Paginated<AppDto>> {
    const [apps, total] = await this.apps.listOwned(
      caller.userId,
      (page.page - 1) * page.per_page,
      page.per_page,
    );
    return Paginated.of(apps.map(toAppDto), page, total);
  }

  async remove(caller: UserPrincipal, id: string): Promise<void> {
    if (!(await this.apps.deleteOwned(caller.userId, id))) throw new NotFoundError('app');
    // Its tokens went with it (ON DELETE CASCADE).
    this.tokens.forget({ appId: id });
  }
}
