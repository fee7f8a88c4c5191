import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContactModule } from '../contact/contact.module';
import { GroupEntity } from './entities/group.entity';
import { GroupMemberEntity } from './entities/group-member.entity';
import { GroupMergeRequestEntity } from './entities/group-merge-request.entity';
import { GroupAdminController } from './group-admin.controller';
import { GroupAdminService } from './group-admin.service';
import { GroupController } from './group.controller';
import { GroupMemberController } from './group-member.controller';
import { GroupEvents } from './group-events';
import { GroupMergeRequestController } from './group-merge-request.controller';
import { GroupMergeService } from './group-merge.service';
import { GroupMembersService } from './group-members.service';
import { GroupRepository } from './group.repository';
import { GroupService } from './group.service';

@Module({
  imports: [
    AuthModule,
    ContactModule,
    TypeOrmModule.forFeature([GroupEntity, GroupMemberEntity, GroupMergeRequestEntity]),
  ],
  controllers: [
    GroupController,
    GroupMemberController,
    GroupMergeRequestController,
    GroupAdminController,
  ],
  providers: [
    GroupRepository,
    GroupService,
    GroupMembersService,
    GroupMergeService,
    GroupAdminService,
    GroupEvents,
  ],
  exports: [GroupService, GroupMembersService, GroupAdminService],
})
export class GroupModule {}
