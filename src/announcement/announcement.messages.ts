import { defineMessages } from '../common/i18n/messages';

export const ANNOUNCEMENT_MESSAGES = defineMessages({
  notice_not_found: { en: 'The notice was not found', 'zh-CN': '找不到该群公告' },
  banner_not_found: { en: 'The banner was not found', 'zh-CN': '找不到该横幅' },
  'validation.bannerEmpty': {
    en: 'A banner needs at least a title, content, primary content, thumbnail or content image',
    'zh-CN': '横幅至少需要标题、内容、主要内容、缩略图或内容图表之一',
  },
  'validation.isWebpageUrl': {
    en: '{field} must be a URL with one of the schemes http, https, mailto, tel, sms or party',
    'zh-CN': '{field} 必须是以 http、https、mailto、tel、sms 或 party 开头的网址',
  },
});
