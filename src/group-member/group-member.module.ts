import { Module } from '@nestjs/common';
import { GroupModule } from '../group/group.module';
import { GroupMemberController } from './group-member.controller';

/** The member routes (`groups/{id}/members`, `member-ids`); the rules live in GroupModule. */
@Module({
  imports: [GroupModule],
  controllers: [GroupMemberController],
})
export class GroupMemberModule {}
