import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { Access, CurrentUser } from './access.decorator';
import { AppService } from './app.service';
import { AppDto, CreateAppDto, CreatedAppDto } from './dto/app.dto';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

@ApiTags('apps')
@Controller('apps')
export class AppController {
  constructor(private readonly apps: AppService) {}

  @Post()
  @Access({ scopes: ['party_user'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Register a third-party app (OAuth 2.0 client)',
    description:
      'Returns the `client_id` and the `client_secret`; the secret is shown only here. Apps may be granted user scopes only; `party_admin` / `party_notify` belong to system apps made by the operator (`npm run cli -- apps:create`).',
  })
  @ApiCreatedResponse({ type: CreatedAppDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  createApp(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CreateAppDto,
  ): Promise<CreatedAppDto> {
    return this.apps.create(caller, body);
  }

  @Get()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Your registered apps (newest first, no secrets)' })
  @ApiPaginatedResponse(AppDto)
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  listApps(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<AppDto>> {
    return this.apps.list(caller, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Delete one of your apps; its tokens stop working at once' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({
    description: '`not_found` (no such app of yours)',
    type: ErrorEnvelopeDto,
  })
  deleteApp(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) id: string,
  ): Promise<void> {
    return this.apps.remove(caller, id);
  }
}
