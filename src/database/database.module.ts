import { Global, Module } from '@nestjs/common';
import { PreparedStatements } from './prepared-statements';

/** The hot paths' prepared statements, for every module's repositories. */
@Global()
@Module({ providers: [PreparedStatements], exports: [PreparedStatements] })
export class DatabaseModule {}
