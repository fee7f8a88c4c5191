import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AppEntity } from '../../auth/entities/app.entity';

/**
 * One setting of a system app for a vendor wire format: the vendor's own names of the app
 * (Agora's `org_name` / `app_name`, Xuanxuan's `code`) and who an Agora app acts as. Written
 * by the operator (`npm run cli -- compat:set`), read by the adapters.
 */
@Entity('compat_app_settings')
export class CompatAppSettingEntity {
  @PrimaryColumn({ type: 'uuid' })
  appId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  vendor!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
