import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { AddressBookEntryEntity } from './entities/address-book-entry.entity';
import { BlockEntity } from './entities/block.entity';
import { FriendListEntity, FriendListItemEntity } from './entities/friend-list.entity';
import { FriendRequestEntity } from './entities/friend-request.entity';
import { FriendshipEntity } from './entities/friendship.entity';

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
  providers: [ContactRepository, ContactService],
  exports: [ContactService],
})
export class ContactModule {}
