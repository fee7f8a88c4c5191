import { defineMessages, MessageTemplate } from '../i18n/messages';

export const COMMON_MESSAGES = defineMessages({
  validation_failed: { en: 'The request is not valid', 'zh-CN': '请求参数不合法' },
  invalid_body: { en: 'The request body could not be parsed', 'zh-CN': '请求体无法解析' },
  route_not_found: {
    en: 'No route {method} {path}',
    'zh-CN': '不存在的接口 {method} {path}',
  },
  not_found: { en: 'The {resource} was not found', 'zh-CN': '找不到该{resource}' },
  unauthorized: {
    en: 'A valid access token is required',
    'zh-CN': '需要有效的访问令牌',
  },
  invalid_token: {
    en: 'The access token is invalid, expired or revoked',
    'zh-CN': '访问令牌无效、已过期或已被撤销',
  },
  insufficient_scope: {
    en: 'The access token lacks the scope {scope}',
    'zh-CN': '访问令牌缺少权限范围 {scope}',
  },
  wrong_token_kind: {
    en: 'This route needs a {kind} token',
    'zh-CN': '该接口需要{kind}令牌',
  },
  forbidden: { en: 'You may not do this', 'zh-CN': '你没有权限执行此操作' },
  rate_limited: {
    en: 'Too many requests; retry after {retry_after} seconds',
    'zh-CN': '请求过于频繁，请 {retry_after} 秒后重试',
  },
  payload_too_large: { en: 'The request body is too large', 'zh-CN': '请求体过大' },
  invalid_multipart: {
    en: 'The multipart body could not be read',
    'zh-CN': '无法解析 multipart 请求体',
  },
  'validation.tooManyFiles': {
    en: '{field} must be a single file',
    'zh-CN': '{field} 只能是一个文件',
  },
  unsupported_media_type: {
    en: 'The content type {content_type} is not supported',
    'zh-CN': '不支持的内容类型 {content_type}',
  },
  unknown_reference: {
    en: 'The {field} {id} does not exist',
    'zh-CN': '{field} {id} 不存在',
  },
  not_addable: {
    en: 'The {field} {id} cannot be used here',
    'zh-CN': '{field} {id} 无法在此使用',
  },
  internal_error: {
    en: 'Something went wrong on our side (error id {error_id})',
    'zh-CN': '服务器内部错误（错误编号 {error_id}）',
  },
  service_unavailable: { en: 'The service is unavailable', 'zh-CN': '服务暂不可用' },
  // Validation detail texts, keyed by class-validator constraint names.
  'validation.isDefined': { en: '{field} is required', 'zh-CN': '{field} 为必填项' },
  'validation.unstorableText': {
    en: '{field} contains a NUL character or an unpaired surrogate',
    'zh-CN': '{field} 包含空字符或不成对的代理字符',
  },
  'validation.tooDeeplyNested': {
    en: '{field} is nested more than {max} levels deep',
    'zh-CN': '{field} 嵌套超过 {max} 层',
  },
  'validation.whitelistValidation': {
    en: '{field} is not an accepted field',
    'zh-CN': '{field} 不是可接受的字段',
  },
  'validation.isString': { en: '{field} must be a string', 'zh-CN': '{field} 必须是字符串' },
  'validation.isInt': { en: '{field} must be an integer', 'zh-CN': '{field} 必须是整数' },
  'validation.isNumber': { en: '{field} must be a number', 'zh-CN': '{field} 必须是数字' },
  'validation.isBoolean': { en: '{field} must be a boolean', 'zh-CN': '{field} 必须是布尔值' },
  'validation.isArray': { en: '{field} must be an array', 'zh-CN': '{field} 必须是数组' },
  'validation.isObject': { en: '{field} must be an object', 'zh-CN': '{field} 必须是对象' },
  'validation.isEnum': {
    en: '{field} must be one of: {allowed}',
    'zh-CN': '{field} 必须是以下之一：{allowed}',
  },
  'validation.isIn': {
    en: '{field} must be one of: {allowed}',
    'zh-CN': '{field} 必须是以下之一：{allowed}',
  },
  'validation.min': { en: '{field} must be at least {min}', 'zh-CN': '{field} 不能小于 {min}' },
  'validation.max': { en: '{field} must be at most {max}', 'zh-CN': '{field} 不能大于 {max}' },
  'validation.minLength': {
    en: '{field} must be at least {min} characters long',
    'zh-CN': '{field} 至少需要 {min} 个字符',
  },
  'validation.maxLength': {
    en: '{field} must be at most {max} characters long',
    'zh-CN': '{field} 最多 {max} 个字符',
  },
  'validation.isUrl': {
    en: '{field} must be an http(s) URL',
    'zh-CN': '{field} 必须是 http(s) 网址',
  },
  'validation.isEmail': {
    en: '{field} must be an email address',
    'zh-CN': '{field} 必须是邮箱地址',
  },
  'validation.isUuid': { en: '{field} must be a valid id', 'zh-CN': '{field} 必须是有效的编号' },
  'validation.isNotEmpty': { en: '{field} must not be empty', 'zh-CN': '{field} 不能为空' },
  'validation.arrayMinSize': {
    en: '{field} must contain at least {min} items',
    'zh-CN': '{field} 至少包含 {min} 项',
  },
  'validation.arrayMaxSize': {
    en: '{field} must contain at most {max} items',
    'zh-CN': '{field} 最多包含 {max} 项',
  },
  'validation.arrayUnique': {
    en: '{field} must not contain duplicates',
    'zh-CN': '{field} 不能包含重复项',
  },
  'validation.matches': { en: '{field} has the wrong format', 'zh-CN': '{field} 格式不正确' },
  'validation.isTimeZone': {
    en: '{field} must be an IANA time zone such as Asia/Shanghai',
    'zh-CN': '{field} 必须是 IANA 时区名，例如 Asia/Shanghai',
  },
  'validation.invalid': { en: '{field} is not valid', 'zh-CN': '{field} 不合法' },
});

/** What a 404 names, in each language: `NotFoundError('group')` reads 找不到该群组. */
export const RESOURCE_NAMES = {
  app: { en: 'app', 'zh-CN': '应用' },
  banner: { en: 'banner', 'zh-CN': '横幅' },
  block: { en: 'block', 'zh-CN': '屏蔽记录' },
  contact: { en: 'contact', 'zh-CN': '联系人' },
  conversation: { en: 'conversation', 'zh-CN': '会话' },
  file: { en: 'file', 'zh-CN': '文件' },
  'friend list': { en: 'friend list', 'zh-CN': '好友分组' },
  'friend request': { en: 'friend request', 'zh-CN': '好友申请' },
  friendship: { en: 'friendship', 'zh-CN': '好友关系' },
  group: { en: 'group', 'zh-CN': '群组' },
  member: { en: 'member', 'zh-CN': '群成员' },
  merge_request: { en: 'merge request', 'zh-CN': '合并群申请' },
  merged_history: { en: 'merged history', 'zh-CN': '合并聊天记录' },
  message: { en: 'message', 'zh-CN': '消息' },
  notice: { en: 'notice', 'zh-CN': '群通知' },
  notification: { en: 'notification', 'zh-CN': '通知' },
  'share file': { en: 'shared file', 'zh-CN': '共享文件' },
  user: { en: 'user', 'zh-CN': '用户' },
  webhook: { en: 'webhook', 'zh-CN': 'Webhook' },
  webhook_delivery: { en: 'webhook delivery', 'zh-CN': 'Webhook 投递' },
} as const satisfies Record<string, MessageTemplate>;

export type Resource = keyof typeof RESOURCE_NAMES;
