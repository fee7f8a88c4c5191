import { DynamicModule, Module, Type } from '@nestjs/common';
import { CompatVendor } from '../config/app-config';
import { CatchChatModule } from './catchchat/catchchat.module';

/** The module serving each vendor's wire format. */
const VENDOR_MODULES: Partial<Record<CompatVendor, Type>> = {
  catchchat: CatchChatModule,
};

/**
 * The seed vendors' wire formats (`COMPAT`): only the enabled vendors' modules are imported, so a
 * vendor switched off has no route, no provider and no cost.
 */
@Module({})
export class CompatModule {
  static register(vendors: readonly CompatVendor[]): DynamicModule {
    return {
      module: CompatModule,
      imports: vendors.flatMap((vendor) => {
        const module = VENDOR_MODULES[vendor];
        return module ? [module] : [];
      }),
    };
  }
}
