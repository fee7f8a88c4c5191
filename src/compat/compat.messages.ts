import { defineMessages } from '../common/i18n/messages';

/** Texts of the vendor adapters' own error codes. */
export const COMPAT_MESSAGES = defineMessages({
  compat_app_not_found: {
    en: 'No application {vendor_app} is set up for this token',
    'zh-CN': '此令牌未配置应用 {vendor_app}',
  },
});
