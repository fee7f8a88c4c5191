import { ConflictError, ForbiddenError } from '../common/errors/domain-error';
import { label, Label } from '../common/i18n/label';
import { GroupStatus } from './entities/group.entity';
import { GroupRole } from './entities/group-member.entity';
import type { GroupView } from './group.repository';
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

export function groupStatusLabel(status: GroupStatus): Label {
  return label('group.status.', status);
}

/**
 * A group as `GET groups/{id}` shows it, with `owner` as the caller supplies it (a person, or an
 * event's person reference resolved per reader).
 */
export function groupFields<Owner>(view: GroupView, owner: Owner) {
  return {
    id: view.id,
    name: view.name,
    owner_id: view.ownerId,
    owner,
    status: view.status,
    status_string: groupStatusLabel(view.status),
    member_count: view.memberCount,
    my_role: view.myRole,
    blocked: view.blocked,
    dissolved_at: view.dissolvedAt,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}
