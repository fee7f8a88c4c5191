import { Module } from '@nestjs/common';
import { CompatSettingsRepository } from './compat-settings.repository';

/** What the vendor modules share: the apps' vendor settings. */
@Module({ providers: [CompatSettingsRepository], exports: [CompatSettingsRepository] })
export class CompatCoreModule {}
