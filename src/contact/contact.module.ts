import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AddressBookController } from './address-book.controller';
import { AddressBookService } from './address-book.service';
import { BlockController } from './block.controller';
import { BlockService } from './block.service';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { ContactViews } from './contact-views';
import { AddressBookEntryEntity } from './entities/address-book-entry.entity';
import { BlockEntity } from './entities/block.entity';
import { FriendListEntity, FriendListItemEntity } from './entities/friend-list.entity';
import { FriendRequestEntity } from './entities/friend-request.entity';
import { FriendshipEntity } from './entities/friendship.entity';
import { FriendListController } from './friend-list.controller';
import { FriendListService } from './friend-list.service';
import { FriendRequestController } from './friend-request.controller';
import { FriendRequestService } from './friend-request.service';
import { FriendshipController } from './friendship.controller';
import { FriendshipService } from './friendship.service';
import { PeopleController } from './people.controller';

@Module({
  imports: [
    AuthModule,
    TypeOrmModule.forFeature([
      FriendRequestEntity,
      FriendshipEntity,
      BlockEntity,
      FriendListEntity,
      FriendListItemEntity,
      AddressBookEntryEntity,
    ]),
  ],
  controllers: [
    FriendRequestController,
    FriendshipController,
    BlockController,
    FriendListController,
    AddressBookController,
    PeopleController,
  ],
  providers: [
    ContactRepository,
    ContactService,
    ContactViews,
    BlockService,
    FriendRequestService,
    FriendshipService,
    FriendListService,
    AddressBookService,
  ],
  // The CatchChat adapter (src/compat/catchchat) speaks these services' features in its format.
  exports: [
    ContactService,
    FriendshipService,
    FriendRequestService,
    FriendListService,
    AddressBookService,
  ],
})
export class ContactModule {}
