import { Controller, Get, HttpCode } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { ServiceUnavailableError } from '../common/errors/outage';

class HealthDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';

  @ApiProperty({ example: 'up' })
  database!: 'up';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public({ rateLimited: false })
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and database reachability (for load balancers and Docker)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({
    description:
      'The database is unreachable: `service_unavailable` with `Retry-After` and `"database": "down"`',
    type: ErrorEnvelopeDto,
  })
  async health(): Promise<HealthDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      // Whatever the failure (refused, restarting, dropped), this instance cannot serve now.
      throw new ServiceUnavailableError({ database: 'down' });
    }
    return { status: 'ok', database: 'up' };
  }
}
