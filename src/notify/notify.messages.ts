import { defineMessages } from '../common/i18n/messages';

export const NOTIFY_MESSAGES = defineMessages({
  'validation.notification_receiver_mismatch': {
    en: '{field} is only accepted with receiver {receiver}',
    'zh-CN': '{field} 仅在 receiver 为 {receiver} 时可用',
  },
  'validation.notification_icon_scheme': {
    en: '{field} must be an icon name or an http(s) URL',
    'zh-CN': '{field} 必须是图标名称或 http(s) 网址',
  },
  'validation.notification_sender_id': {
    en: '{field} must be a string or a number of 1 to 100 characters',
    'zh-CN': '{field} 必须是 1 到 100 个字符的字符串或数字',
  },
});
