import { defineMessages } from '../common/i18n/messages';

export const WEBHOOK_MESSAGES = defineMessages({
  'validation.webhook_url_forbidden': {
    en: '{field} resolves to a private, loopback, link-local or otherwise internal address',
    'zh-CN': '{field} 解析到私有、回环、链路本地或其他内部地址',
  },
  'validation.webhook_url_unresolvable': {
    en: '{field} has a host name that does not resolve',
    'zh-CN': '{field} 的主机名无法解析',
  },
  'validation.webhook_before_send_alone': {
    en: '{field}: message.before_send is a hook of its own and cannot be combined with other types',
    'zh-CN': '{field}：message.before_send 是独立的钩子，不能与其他类型组合',
  },
  'validation.webhook_event_scope': {
    en: '{field}: the app cannot hold the scope {scope} that {type} needs',
    'zh-CN': '{field}：应用无法获得 {type} 所需的权限 {scope}',
  },
  webhook_before_send_exists: {
    en: 'This app already has a message.before_send hook',
    'zh-CN': '该应用已有 message.before_send 钩子',
  },
  rejected_by_app: {
    en: 'An app refused this message: {reason}',
    'zh-CN': '应用拒绝了这条消息：{reason}',
  },
  'webhook_delivery.status.pending': { en: 'Pending', 'zh-CN': '待投递' },
  'webhook_delivery.status.delivered': { en: 'Delivered', 'zh-CN': '已投递' },
  'webhook_delivery.status.failed': { en: 'Failed', 'zh-CN': '失败' },
});
