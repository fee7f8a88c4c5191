import { Global, Module } from '@nestjs/common';
import { LocalDiskStorage } from './local-disk.storage';
import { Storage } from './storage';

/** Provides `Storage` (local disk under `DATA_DIR/files`) to every module. */
@Global()
@Module({
  providers: [{ provide: Storage, useClass: LocalDiskStorage }],
  exports: [Storage],
})
export class StorageModule {}
