import { defineMessages } from '../common/i18n/messages';

export const GROUP_MESSAGES = defineMessages({
  group_dissolved: { en: 'The group is dissolved', 'zh-CN': '该群已解散' },
});
