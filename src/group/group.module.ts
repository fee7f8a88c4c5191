import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupEntity } from './entities/group.entity';
import { GroupMemberEntity } from './entities/group-member.entity';
import { GroupMergeRequestEntity } from './entities/group-merge-request.entity';
import { GroupRepository } from './group.repository';
import { GroupService } from './group.service';

@Module({
  imports: [TypeOrmModule.forFeature([GroupEntity, GroupMemberEntity, GroupMergeRequestEntity])],
  providers: [GroupRepository, GroupService],
  exports: [GroupService],
})
export class GroupModule {}
