import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContactModule } from '../contact/contact.module';
import { GroupModule } from '../group/group.module';
import { AnnouncementController } from './announcement.controller';
import { AnnouncementRepository } from './announcement.repository';
import { AnnouncementService } from './announcement.service';
import { BannerController } from './banner.controller';
import { BannerService } from './banner.service';
import { GroupAnnouncementEntity } from './entities/group-announcement.entity';
import { GroupBannerEntity } from './entities/group-banner.entity';
import { GroupNoticeEntity } from './entities/group-notice.entity';
import { GroupContentPeople } from './group-content-people';
import { NoticeController } from './notice.controller';
import { NoticeService } from './notice.service';

/** Group content: the announcement, notices and banners (and the access check shared files use). */
@Module({
  imports: [
    AuthModule,
    ContactModule,
    GroupModule,
    TypeOrmModule.forFeature([GroupAnnouncementEntity, GroupNoticeEntity, GroupBannerEntity]),
  ],
  controllers: [AnnouncementController, NoticeController, BannerController],
  providers: [
    AnnouncementRepository,
    AnnouncementService,
    NoticeService,
    BannerService,
    GroupContentPeople,
  ],
  exports: [GroupContentPeople, AnnouncementService, NoticeService, BannerService],
})
export class AnnouncementModule {}
