import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { PublicProfile } from '../common/people/person.dto';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async findProfiles(ids: readonly string[]): Promise<PublicProfile[]> {
    if (ids.length === 0) return [];
    return this.users.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, username: true, nickname: true, avatarUrl: true },
    });
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.users.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  async findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email } });
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async insert(user: Partial<UserEntity>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }
}
