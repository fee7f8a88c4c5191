import { DynamicModule, Module, Type } from '@nestjs/common';
import { CompatVendor } from '../config/app-config';
import { AgoraModule } from './agora/agora.module';
import { CatchChatModule } from './catchchat/catchchat.module';
import { XuanxuanModule } from './xuanxuan/xuanxuan.module';
import { YunzhijiaModule } from './yunzhijia/yunzhijia.module';

/** The module of each vendor wire format (seeds 001-004). */
export const COMPAT_VENDOR_MODULES: Partial<Record<CompatVendor, Type<unknown>>> = {
  catchchat: CatchChatModule,
  xuanxuan: XuanxuanModule,
  yunzhijia: YunzhijiaModule,
  agora: AgoraModule,
};

/**
 * Paths the vendor formats answer outside `/api/party/` (their clients call them verbatim).
 * Taken out of the global prefix whether the vendor is on or not: a path without a route is a 404.
 */
export const COMPAT_UNPREFIXED_PATHS = [
  'gateway/{*path}',
  'imbu/{*path}',
  ':org_name/:app_name/chatgroups/{*path}',
  'api.php/{*path}',
  'api/auth/{*path}',
  'api/v4/{*path}',
  'api/messages/:id/upload_token',
];

/**
 * The vendor wire formats switched on by `COMPAT`: only their modules are imported, so a vendor
 * switched off registers no route, no error renderer and no provider.
 */
@Module({})
export class CompatModule {
  static register(vendors: readonly CompatVendor[]): DynamicModule {
    const modules = vendors.flatMap((vendor) => {
      const module = COMPAT_VENDOR_MODULES[vendor];
      return module ? [module] : [];
    });
    return { module: CompatModule, imports: modules };
  }
}
