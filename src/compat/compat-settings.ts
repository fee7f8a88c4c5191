import { EntityManager } from 'typeorm';
import { AppEntity } from '../auth/entities/app.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { CompatVendor } from '../config/app-config';
import { CompatAppSettingEntity } from './entities/compat-app-setting.entity';

const VENDOR_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SettingRule {
  description: string;
  valid(value: string): boolean;
  /** A user id that must name an existing user. */
  user?: boolean;
}

/** The settings each vendor reads from the system app its credentials map to. */
export const COMPAT_SETTINGS: Readonly<
  Record<CompatVendor, Readonly<Record<string, SettingRule>>>
> = {
  catchchat: {},
  yunzhijia: {},
  xuanxuan: {
    code: { description: "the app's code (`code=` of every call)", valid: isVendorName },
  },
  agora: {
    org_name: { description: '`{org_name}` of the paths', valid: isVendorName },
    app_name: { description: '`{app_name}` of the paths', valid: isVendorName },
    acting_user_id: {
      description: 'the Party user the app administers groups as (a user id)',
      valid: (value) => UUID.test(value),
      user: true,
    },
  },
};

function isVendorName(value: string): boolean {
  return VENDOR_NAME.test(value);
}

export class CompatSettingError extends Error {}

/** Checks names and values against `COMPAT_SETTINGS`; throws a `CompatSettingError` naming the bad one. */
export function checkCompatSettings(vendor: CompatVendor, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const rule = requireSettingName(vendor, name);
    if (!rule.valid(value))
      throw new CompatSettingError(`${name} is not valid: ${rule.description}`);
  }
}

function requireSettingName(vendor: CompatVendor, name: string): SettingRule {
  const rules = COMPAT_SETTINGS[vendor];
  const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
  if (rule) return rule;
  const known = Object.keys(rules);
  throw new CompatSettingError(
    `${vendor} has no setting ${name}${known.length > 0 ? ` (settings: ${known.join(', ')})` : ''}`,
  );
}

/** The system app a vendor's credentials map to, by its client id. */
async function requireSystemApp(manager: EntityManager, clientId: string): Promise<AppEntity> {
  const app = await manager.getRepository(AppEntity).findOne({ where: { clientId } });
  if (!app) throw new CompatSettingError(`No app with client id ${clientId}`);
  if (!app.isSystem) {
    throw new CompatSettingError(`${clientId} is not a system app (create one with apps:create)`);
  }
  return app;
}

/** Writes (inserts or replaces) settings of a system app for a vendor. */
export async function writeCompatSettings(
  manager: EntityManager,
  clientId: string,
  vendor: CompatVendor,
  values: Record<string, string>,
): Promise<void> {
  checkCompatSettings(vendor, values);
  if (Object.keys(values).length === 0) throw new CompatSettingError('No setting given');
  const app = await requireSystemApp(manager, clientId);
  const userIds = Object.entries(values)
    .filter(([name]) => COMPAT_SETTINGS[vendor][name].user)
    .map(([, value]) => value);
  for (const id of userIds) {
    if (!(await manager.getRepository(UserEntity).exists({ where: { id } })))
      throw new CompatSettingError(`No user with id ${id}`);
  }
  await manager.getRepository(CompatAppSettingEntity).upsert(
    Object.entries(values).map(([name, value]) => ({ appId: app.id, vendor, name, value })),
    ['appId', 'vendor', 'name'],
  );
}

/** Removes the named settings (all of the vendor's when none is named); answers how many went. */
export async function deleteCompatSettings(
  manager: EntityManager,
  clientId: string,
  vendor: CompatVendor,
  names: readonly string[],
): Promise<number> {
  for (const name of names) requireSettingName(vendor, name);
  const app = await requireSystemApp(manager, clientId);
  const query = manager
    .createQueryBuilder()
    .delete()
    .from(CompatAppSettingEntity)
    .where('app_id = :appId AND vendor = :vendor', { appId: app.id, vendor });
  if (names.length > 0) query.andWhere('name IN (:...names)', { names: [...names] });
  return (await query.execute()).affected ?? 0;
}
