import { defineMessages } from '../common/i18n/messages';

export const GROUP_MESSAGES = defineMessages({
  group_dissolved: { en: 'The group is dissolved', 'zh-CN': '该群已解散' },
  group_not_dissolved: { en: 'The group is not dissolved', 'zh-CN': '该群未解散' },
  owner_must_transfer: {
    en: 'The owner must transfer the ownership first',
    'zh-CN': '群主需要先转让群组',
  },
  already_member: {
    en: 'Already a member of the group: {ids}',
    'zh-CN': '已经是群成员：{ids}',
  },
  merge_request_pending: {
    en: 'A merge request between these groups is already pending',
    'zh-CN': '这两个群之间已有待处理的合并请求',
  },
  merge_request_not_pending: {
    en: 'The merge request is no longer pending',
    'zh-CN': '该合并请求已处理',
  },
  'validation.includes_self': {
    en: '{field} must not include yourself',
    'zh-CN': '{field} 不能包含你自己',
  },
  'validation.same_group': {
    en: '{field} must be another group',
    'zh-CN': '{field} 必须是另一个群',
  },
  'group.status.active': { en: 'Active', 'zh-CN': '正常' },
  'group.status.dissolved': { en: 'Dissolved', 'zh-CN': '已解散' },
  'group_member.status.active': { en: 'Active', 'zh-CN': '正常' },
  'group_member.status.left': { en: 'Left', 'zh-CN': '已退出' },
  'group_member.status.blocked': { en: 'Blocked the group', 'zh-CN': '已屏蔽该群' },
  'group_merge_request.state.pending': { en: 'Pending', 'zh-CN': '待处理' },
  'group_merge_request.state.accepted': { en: 'Accepted', 'zh-CN': '已接受' },
  'group_merge_request.state.rejected': { en: 'Rejected', 'zh-CN': '已拒绝' },
  'group_merge_request.state.withdrawn': { en: 'Withdrawn', 'zh-CN': '已撤回' },
});
