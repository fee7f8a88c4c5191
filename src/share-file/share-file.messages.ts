import { defineMessages } from '../common/i18n/messages';

export const SHARE_FILE_MESSAGES = defineMessages({
  share_file_not_found: { en: 'The shared file was not found', 'zh-CN': '找不到该群共享文件' },
  range_not_satisfiable: {
    en: 'The requested range is outside the file ({size} bytes)',
    'zh-CN': '请求的范围超出文件大小（{size} 字节）',
  },
});
