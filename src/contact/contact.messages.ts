import { defineMessages } from '../common/i18n/messages';

export const CONTACT_MESSAGES = defineMessages({
  already_friends: { en: 'You are already friends', 'zh-CN': '你们已经是好友了' },
  request_not_pending: {
    en: 'The friend request is no longer pending',
    'zh-CN': '该好友请求已处理',
  },
  user_blocked_by_you: {
    en: 'You have blocked this user; unblock him first',
    'zh-CN': '你已将该用户拉黑，请先解除拉黑',
  },
  'validation.not_yourself': {
    en: '{field} must be someone other than yourself',
    'zh-CN': '{field} 不能是你自己',
  },
  'friend_request.state.pending': { en: 'Pending', 'zh-CN': '等待中' },
  'friend_request.state.accepted': { en: 'Accepted', 'zh-CN': '已接受' },
  'friend_request.state.rejected': { en: 'Rejected', 'zh-CN': '已拒绝' },
  'friend_request.state.blocked': { en: 'Blocked', 'zh-CN': '已禁止' },
  'friend_request.state.withdrawn': { en: 'Withdrawn', 'zh-CN': '已撤回' },
});
