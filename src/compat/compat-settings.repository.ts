import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CompatVendor } from '../config/app-config';
import { CompatAppSettingEntity } from './entities/compat-app-setting.entity';

/** Reads the vendor settings of an app (written by the operator CLI, `compat-settings.ts`). */
@Injectable()
export class CompatSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async settingsOf(appId: string, vendor: CompatVendor): Promise<Record<string, string>> {
    const rows = await this.dataSource
      .getRepository(CompatAppSettingEntity)
      .find({ where: { appId, vendor } });
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }
}
