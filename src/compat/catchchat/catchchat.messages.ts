import { defineMessages } from '../../common/i18n/messages';

export const CATCHCHAT_MESSAGES = defineMessages({
  'catchchat.invalid_login': { en: 'Wrong login or password', 'zh-CN': '用户名密码错误' },
  'catchchat.invalid_mobile_login': {
    en: 'Wrong mobile number or verify code',
    'zh-CN': '手机号或验证码错误',
  },
  'catchchat.access_denied': {
    en: 'HTTP Token: Access denied.',
    'zh-CN': 'HTTP Token: Access denied.',
  },
  'catchchat.registration_not_started': {
    en: 'No registration of this mobile number and username is waiting for its code',
    'zh-CN': '该手机号和用户名没有等待验证的注册',
  },
  'catchchat.upload_token_invalid': {
    en: 'Wrong or used upload token: ask upload_token again',
    'zh-CN': '上传 token 错误或已使用，请重新获取 upload_token',
  },
  'catchchat.upload_kind_mismatch': {
    en: 'The file is not of the message media type ({expected})',
    'zh-CN': '文件类型与消息类型（{expected}）不符',
  },
  'catchchat.no_current_mobile': {
    en: 'Your account has no mobile number to confirm',
    'zh-CN': '你的账号没有可验证的手机号',
  },
  'catchchat.user.state.active': { en: 'Active', 'zh-CN': '活跃' },
  'catchchat.media_type.text': { en: 'A text', 'zh-CN': '一段文字' },
  'catchchat.media_type.image': { en: 'An image', 'zh-CN': '一张图片' },
  'catchchat.media_type.video': { en: 'A video', 'zh-CN': '一段视频' },
  'catchchat.media_type.audio': { en: 'A voice message', 'zh-CN': '一段语音' },
  'catchchat.media_type.file': { en: 'A file', 'zh-CN': '一个文件' },
  'catchchat.media_type.location': { en: 'A location', 'zh-CN': '一个位置' },
  'catchchat.message.state.drafted': { en: 'Drafted', 'zh-CN': '草稿' },
  'catchchat.message.state.unread': { en: 'Unread', 'zh-CN': '未读' },
  'catchchat.message.state.read': { en: 'Read', 'zh-CN': '已读' },
});
