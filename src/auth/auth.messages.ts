import { defineMessages } from '../common/i18n/messages';

export const AUTH_MESSAGES = defineMessages({
  email_taken: { en: 'This email is already in use', 'zh-CN': '该邮箱已被使用' },
  username_taken: { en: 'This username is already in use', 'zh-CN': '用户名已经被使用' },
  username_invalid: {
    en: 'A username is 4 to 16 letters and digits',
    'zh-CN': '用户名须为 4 到 16 位字母或数字',
  },
  mobile_taken: { en: 'This mobile number is already in use', 'zh-CN': '手机号已经被使用' },
  mobile_invalid: { en: 'This is not a valid mobile number', 'zh-CN': '手机号不合法' },
  mobile_not_registered: {
    en: 'No account uses this mobile number',
    'zh-CN': '该手机号尚未注册',
  },
  mobile_change_unconfirmed: {
    en: 'Confirm your current mobile number with its verify code first',
    'zh-CN': '请先用验证码验证当前手机号',
  },
  mobile_unchanged: {
    en: 'This is already your mobile number',
    'zh-CN': '这已经是你的手机号',
  },
  invalid_verify_code: {
    en: 'The verify code is wrong, used or expired',
    'zh-CN': '验证码错误、已使用或已过期',
  },
  login_throttled: {
    en: 'Too many failed sign-ins; retry after {retry_after} seconds',
    'zh-CN': '登录失败次数过多，请 {retry_after} 秒后重试',
  },
  verify_code_locked: {
    en: 'Too many wrong tries; request a new verify code',
    'zh-CN': '验证码错误次数过多，请重新获取验证码',
  },
  verify_code_limit: {
    en: 'Too many verify codes were sent to {mobile}',
    'zh-CN': '发给手机号 {mobile} 的验证码数量已经超过限制',
  },
  sms_unavailable: {
    en: 'The text message could not be sent; try again later',
    'zh-CN': '短信发送失败，请稍后重试',
  },
  'validation.isUsername': {
    en: '{field} must be 4 to 16 letters and digits',
    'zh-CN': '{field} 须为 4 到 16 位字母或数字',
  },
  'validation.isMobile': {
    en: '{field} is not a valid mobile number for this phone code',
    'zh-CN': '{field} 不是该国家码下合法的手机号',
  },
  'validation.isRedirectUri': {
    en: '{field} must be absolute URLs without a fragment',
    'zh-CN': '{field} 必须是不含片段的绝对网址',
  },
  'validation.invalidVerifyCode': {
    en: '{field} is wrong, used or expired',
    'zh-CN': '{field} 错误、已使用或已过期',
  },
  'validation.verifyCodeLocked': {
    en: '{field} had too many wrong tries; request a new one',
    'zh-CN': '{field} 错误次数过多，请重新获取',
  },
  // Scopes as the consent page explains them.
  'scope.party_user': {
    en: 'See and edit your profile, search users, manage your apps',
    'zh-CN': '查看和修改你的个人资料、搜索用户、管理你的应用',
  },
  'scope.party_contact': {
    en: 'See your contacts and friends; send, answer and withdraw friend requests; block people',
    'zh-CN': '查看你的联系人和好友；发送、处理和撤回好友请求；拉黑用户',
  },
  'scope.party_group': {
    en: 'See and manage your groups, their members, announcements and notices',
    'zh-CN': '查看和管理你的群组及其成员、群公告和通知',
  },
  'scope.party_message': {
    en: 'Read your messages and send messages as you',
    'zh-CN': '读取你的消息，并以你的身份发送消息',
  },
  'scope.party_file': {
    en: 'See, upload and delete files shared in your groups',
    'zh-CN': '查看、上传和删除你所在群组的共享文件',
  },
  'scope.party_notify': {
    en: 'Push notifications to users (system apps)',
    'zh-CN': '向用户推送通知（系统应用）',
  },
  'scope.party_admin': {
    en: 'Read all groups and users and broadcast to anyone (system apps)',
    'zh-CN': '读取所有群组和用户并向任何人广播（系统应用）',
  },
  // OAuth error descriptions (RFC 6749 bodies).
  'oauth.invalid_login': {
    en: 'The login or password is wrong',
    'zh-CN': '用户名或密码错误',
  },
  'oauth.invalid_refresh_token': {
    en: 'The refresh token is invalid, expired or was used already',
    'zh-CN': '刷新令牌无效、已过期或已被使用',
  },
  'oauth.invalid_sms_login': {
    en: 'The mobile number or verify code is wrong',
    'zh-CN': '手机号或验证码错误',
  },
  // Consent page texts.
  'sign_in.lead': {
    en: 'Sign in with your Party account to see this page.',
    'zh-CN': '请使用 Party 账号登录以查看此页面。',
  },
  'sign_in.bad_return_to': {
    en: 'This sign-in link is not valid.',
    'zh-CN': '该登录链接无效。',
  },
  'consent.title': { en: 'Authorize {app}', 'zh-CN': '授权 {app}' },
  'consent.sign_in_title': { en: 'Sign in to Party', 'zh-CN': '登录 Party' },
  'consent.sign_in_lead': {
    en: '{app} wants to use your Party account. Sign in first.',
    'zh-CN': '{app} 想使用你的 Party 账号，请先登录。',
  },
  'consent.login': { en: 'Username, email or mobile', 'zh-CN': '用户名、邮箱或手机号' },
  'consent.password': { en: 'Password', 'zh-CN': '密码' },
  'consent.sign_in': { en: 'Sign in', 'zh-CN': '登录' },
  'consent.sign_in_failed': { en: 'The login or password is wrong', 'zh-CN': '用户名或密码错误' },
  'consent.lead': {
    en: '{app} asks to act for you ({user}) with these permissions:',
    'zh-CN': '{app} 请求以你（{user}）的身份获得以下权限：',
  },
  'consent.redirect_note': {
    en: 'After you decide you will be sent to {uri}',
    'zh-CN': '完成后将跳转到 {uri}',
  },
  'consent.approve': { en: 'Approve', 'zh-CN': '同意授权' },
  'consent.deny': { en: 'Deny', 'zh-CN': '拒绝' },
  'consent.switch_account': { en: 'Use another account', 'zh-CN': '切换账号' },
  'consent.error_title': {
    en: 'This authorization request cannot be used',
    'zh-CN': '无法处理此授权请求',
  },
  'consent.unknown_client': {
    en: 'The app (client_id) is not registered',
    'zh-CN': '该应用（client_id）未注册',
  },
  'consent.bad_redirect_uri': {
    en: 'The redirect_uri is missing or is not exactly one the app registered',
    'zh-CN': 'redirect_uri 缺失或与应用登记的回调地址不完全一致',
  },
  'consent.csrf_failed': {
    en: 'The form expired or did not come from this page; go back and try again',
    'zh-CN': '表单已过期或来源不正确，请返回重试',
  },
});
