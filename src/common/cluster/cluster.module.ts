import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClusterBus, DATABASE_TARGET, DatabaseTarget } from './cluster-bus';

/** Signals between instances (wake-ups, typing, token revocations), for every module. */
@Global()
@Module({})
export class ClusterModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    return {
      module: ClusterModule,
      providers: [{ provide: DATABASE_TARGET, useValue: target }, ClusterBus],
      exports: [DATABASE_TARGET, ClusterBus],
    };
  }
}
