import { defineMessages } from '../common/i18n/messages';

export const MESSAGE_MESSAGES = defineMessages({
  group_dissolved: { en: 'The group is dissolved', 'zh-CN': '该群已解散' },
  message_recipient_required: {
    en: 'Give to_user, to_group or both',
    'zh-CN': '请提供 to_user、to_group 或两者',
  },
  message_content_required: {
    en: 'A text message needs content',
    'zh-CN': '文字消息必须有内容',
  },
  message_send_to_self: {
    en: 'You cannot send a private message to yourself',
    'zh-CN': '不能给自己发送私信',
  },
  message_already_reported: {
    en: 'You have already reported this message',
    'zh-CN': '你已举报过该消息',
  },
  message_screenshot_pointless: {
    en: 'There is no one to notify about a screenshot of this message',
    'zh-CN': '该消息的截屏无需通知任何人',
  },
  broadcast_recipients_required: {
    en: 'Give user_ids or all_friends, not both',
    'zh-CN': '请提供 user_ids 或 all_friends（二选一）',
  },
  broadcast_sender_required: {
    en: 'An app broadcast needs sender_id (the user it is sent as)',
    'zh-CN': '应用广播需要 sender_id（以该用户身份发送）',
  },
  broadcast_sender_not_allowed: {
    en: 'sender_id is only for app tokens',
    'zh-CN': 'sender_id 仅适用于应用令牌',
  },
  broadcast_too_many_recipients: {
    en: 'A broadcast reaches at most {max} users',
    'zh-CN': '一次广播最多发送给 {max} 个用户',
  },
  merged_history_range_reversed: {
    en: 'from_seq ({from_seq}) must not be greater than to_seq ({to_seq})',
    'zh-CN': 'from_seq（{from_seq}）不能大于 to_seq（{to_seq}）',
  },
  merged_history_empty: {
    en: 'There are no messages in that range',
    'zh-CN': '该范围内没有消息',
  },
  file_required: {
    en: 'Send the file in a multipart field named file',
    'zh-CN': '请以 multipart 字段 file 上传文件',
  },
  file_too_large: {
    en: 'The file is over the {max} bytes allowed for its type',
    'zh-CN': '文件超过该类型允许的 {max} 字节',
  },
  'message.type.text': { en: 'text', 'zh-CN': '一段文字' },
  'message.type.image': { en: 'image', 'zh-CN': '一张图片' },
  'message.type.video': { en: 'video', 'zh-CN': '一段视频' },
  'message.type.audio': { en: 'audio', 'zh-CN': '一段语音' },
  'message.type.file': { en: 'file', 'zh-CN': '一个文件' },
  'message.type.location': { en: 'location', 'zh-CN': '一个位置' },
  'message.type.notification': { en: 'notification', 'zh-CN': '通知' },
  'message.type.screenshot': { en: 'screenshot taken', 'zh-CN': '截屏提醒' },
  'message.type.friend_request': { en: 'friend request', 'zh-CN': '好友请求' },
  'message.type.friend_accepted': { en: 'friend request accepted', 'zh-CN': '好友请求已通过' },
  'message.type.group_created': { en: 'group created', 'zh-CN': '群组已创建' },
  'message.type.group_renamed': { en: 'group renamed', 'zh-CN': '群组已改名' },
  'message.type.member_added': { en: 'members added', 'zh-CN': '新成员加入' },
  'message.type.member_removed': { en: 'member removed', 'zh-CN': '成员被移除' },
  'message.type.member_left': { en: 'member left', 'zh-CN': '成员退出' },
  'message.type.member_role_changed': { en: 'member role changed', 'zh-CN': '成员角色变更' },
  'message.type.ownership_transferred': { en: 'ownership transferred', 'zh-CN': '群主已转让' },
  'message.type.group_dissolved': { en: 'group dissolved', 'zh-CN': '群组已解散' },
  'message.type.group_restored': { en: 'group restored', 'zh-CN': '群组已恢复' },
  'message.type.groups_merged': { en: 'groups merged', 'zh-CN': '群组已合并' },
  'message.type.announcement_updated': { en: 'announcement updated', 'zh-CN': '群公告已更新' },
});
