import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../../auth/auth.module';
import { ErrorRenderers } from '../../common/errors/error-renderers';
import { ContactModule } from '../../contact/contact.module';
import { MessageModule } from '../../message/message.module';
import {
  CatchChatMessageController,
  CatchChatReportController,
} from './catchchat-message.controller';
import { CatchChatMessageService } from './catchchat-message.service';
import {
  CatchChatAttachmentController,
  CatchChatUploadTokenController,
} from './catchchat-media.controller';
import { CatchChatMediaService } from './catchchat-media.service';
import { CatchChatDraftRepository } from './catchchat-draft.repository';
import { CatchChatMessageDraftEntity } from './entities/catchchat-message-draft.entity';
import {
  CatchChatAuthController,
  CatchChatRegistrationController,
} from './catchchat-auth.controller';
import { CatchChatAuthService } from './catchchat-auth.service';
import {
  CatchChatFriendRequestController,
  CatchChatFriendshipController,
  CatchChatUnfriendController,
} from './catchchat-contact.controller';
import { CatchChatContactService } from './catchchat-contact.service';
import {
  CatchChatContactsController,
  CatchChatGroupController,
  CatchChatMayKnowController,
} from './catchchat-group.controller';
import { CatchChatGroupService } from './catchchat-group.service';
import { CatchChatIds } from './catchchat-ids';
import { CatchChatErrorRenderer } from './catchchat.envelope';
import { CatchChatRepository } from './catchchat.repository';
import {
  CatchChatMeController,
  CatchChatMobileCodeController,
  CatchChatUsersController,
} from './catchchat-user.controller';
import { CatchChatUserService } from './catchchat-user.service';
import { CatchChatViews } from './catchchat-views';
import { CatchChatRegistrationEntity } from './entities/catchchat-registration.entity';
import { CatchChatMobileCheckEntity } from './entities/catchchat-mobile-check.entity';
import { CompatIntIdEntity } from './entities/compat-int-id.entity';

/** CatchChat API v4 (seed 004) over Party's native services: `/api/auth/*` and `/api/v4/*`. */
@Module({
  imports: [
    AuthModule,
    ContactModule,
    MessageModule,
    TypeOrmModule.forFeature([
      CompatIntIdEntity,
      CatchChatRegistrationEntity,
      CatchChatMobileCheckEntity,
      CatchChatMessageDraftEntity,
    ]),
  ],
  controllers: [
    CatchChatAuthController,
    CatchChatRegistrationController,
    CatchChatMeController,
    CatchChatMobileCodeController,
    CatchChatUsersController,
    CatchChatFriendshipController,
    CatchChatFriendRequestController,
    CatchChatUnfriendController,
    CatchChatMessageController,
    CatchChatReportController,
    CatchChatUploadTokenController,
    CatchChatAttachmentController,
    CatchChatGroupController,
    CatchChatContactsController,
    CatchChatMayKnowController,
  ],
  providers: [
    CatchChatRepository,
    CatchChatIds,
    CatchChatViews,
    CatchChatAuthService,
    CatchChatUserService,
    CatchChatContactService,
    CatchChatDraftRepository,
    CatchChatMediaService,
    CatchChatMessageService,
    CatchChatGroupService,
  ],
})
export class CatchChatModule {
  constructor(renderers: ErrorRenderers) {
    renderers.register(new CatchChatErrorRenderer());
  }
}
