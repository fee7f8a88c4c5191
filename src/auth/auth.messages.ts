import { defineMessages } from '../common/i18n/messages';

export const AUTH_MESSAGES = defineMessages({
  email_taken: { en: 'This email is already in use', 'zh-CN': '该邮箱已被使用' },
});
