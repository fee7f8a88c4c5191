import { ConflictError, ForbiddenError } from '../common/errors/domain-error';
import { Locale } from '../common/i18n/locale';
import { translate } from '../common/i18n/messages';
import { GroupStatus } from './entities/group.entity';
import { GroupRole } from './entities/group-member.entity';
import './group.messages';

/** 403 `forbidden` unless the member holds one of the roles. */
export function requireRole(membership: { role: GroupRole }, roles: readonly GroupRole[]): void {
  if (!roles.includes(membership.role)) throw new ForbiddenError('forbidden');
}

/** 409 `group_dissolved`: a dissolved group accepts no changes until it is restored. */
export function requireActiveGroup(
  group: { groupStatus: GroupStatus } | { status: GroupStatus },
): void {
  const status = 'groupStatus' in group ? group.groupStatus : group.status;
  if (status === 'dissolved') throw new ConflictError('group_dissolved');
}

export function groupStatusString(status: GroupStatus, locale: Locale): string {
  return translate(`group.status.${status}`, locale) ?? status;
}
