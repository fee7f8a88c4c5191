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
  'catchchat.media_needs_upload': {
    en: 'Image and video messages are not served here: CatchChat uploads their file after the message, Party before it',
    'zh-CN': '此处不支持图片和视频消息：CatchChat 在消息之后上传文件，Party 需要先上传',
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
  'catchchat.message.state.unread': { en: 'Unread', 'zh-CN': '未读' },
  'catchchat.message.state.read': { en: 'Read', 'zh-CN': '已读' },
});
