import { defineMessages } from '../i18n/messages';

export const IDEMPOTENCY_MESSAGES = defineMessages({
  idempotency_key_reused: {
    en: 'This Idempotency-Key was used with another request; use a new key',
    'zh-CN': '该 Idempotency-Key 已用于另一个请求，请使用新的键',
  },
  idempotency_key_in_use: {
    en: 'A request with this Idempotency-Key is still being processed; retry later',
    'zh-CN': '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
  },
  idempotency_request_committed: {
    en: 'The request with this Idempotency-Key was carried out, but its answer was lost; read the result instead of retrying',
    'zh-CN': '使用该 Idempotency-Key 的请求已执行，但其响应丢失；请查询结果而不要重试',
  },
  'validation.idempotencyKey': {
    en: '{field} must be 1 to 255 visible ASCII characters',
    'zh-CN': '{field} 必须是 1 到 255 个可见 ASCII 字符',
  },
});
