import { defineMessages } from '../common/i18n/messages';

export const EVENTS_MESSAGES = defineMessages({
  cursor_expired: {
    en: 'The cursor is unknown or past the event retention; resync over REST and start from a new cursor',
    'zh-CN': '游标未知或已超出事件保留期；请通过 REST 重新同步并从新游标开始',
  },
  upgrade_required: {
    en: 'This route speaks WebSocket: send an Upgrade: websocket request',
    'zh-CN': '此路由使用 WebSocket：请发送 Upgrade: websocket 请求',
  },
  too_many_connections: {
    en: 'This token already has {max} open realtime connections',
    'zh-CN': '此令牌已有 {max} 个实时连接',
  },
});
