import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { randomSecret, sha256Hex } from '../common/crypto/secrets';
import { AppEntity } from './entities/app.entity';
import { isStorableText } from '../common/validation/storable-text';

export interface NewApp {
  name: string;
  ownerId: string | null;
  redirectUris: string[];
  scopes: string[];
  isSystem: boolean;
}

/** A freshly registered app and its secret (the only time the secret exists in clear). */
export interface CreatedApp {
  app: AppEntity;
  clientSecret: string;
}

/** Inserts an app with a new client id and secret; usable by the app and the operator CLI. */
export async function insertApp(manager: EntityManager, input: NewApp): Promise<CreatedApp> {
  const clientSecret = randomSecret(32);
  const repo = manager.getRepository(AppEntity);
  const app = await repo.save(
    repo.create({
      ...input,
      clientId: `party_${randomBytes(12).toString('hex')}`,
      clientSecretHash: sha256Hex(clientSecret),
    }),
  );
  return { app, clientSecret };
}

@Injectable()
export class AppRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(input: NewApp): Promise<CreatedApp> {
    return insertApp(this.dataSource.manager, input);
  }

  async listOwned(ownerId: string, offset: number, limit: number): Promise<[AppEntity[], number]> {
    return this.dataSource.getRepository(AppEntity).findAndCount({
      where: { ownerId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** Deletes an app the user owns (its tokens and codes go with it); false when not his. */
  async deleteOwned(ownerId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(AppEntity).delete({ id, ownerId });
    return (result.affected ?? 0) > 0;
  }

  async findByClientId(clientId: string): Promise<AppEntity | null> {
    // Client ids arrive from query strings, forms and Basic headers unchecked.
    if (!isStorableText(clientId)) return null;
    return this.dataSource.getRepository(AppEntity).findOne({ where: { clientId } });
  }

  async findById(id: string): Promise<AppEntity | null> {
    return this.dataSource.getRepository(AppEntity).findOne({ where: { id } });
  }
}
