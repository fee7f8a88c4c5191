import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

export interface SmsMessage {
  /** E.164 */
  phone: string;
  code: string;
  purpose: string;
}

/** Delivers verify codes. A real provider implements this; the default is the dev outbox. */
export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<void>;
}

/**
 * The development sender: appends each message as one JSON line to `DATA_DIR/sms-outbox.jsonl`
 * (`{"phone","code","purpose","sent_at"}`), which tests and local users read.
 */
export class OutboxSmsSender extends SmsSender {
  readonly file: string;

  constructor(private readonly dataDir: string) {
    super();
    this.file = join(dataDir, 'sms-outbox.jsonl');
  }

  async send(message: SmsMessage): Promise<void> {
    const line = JSON.stringify({
      phone: message.phone,
      code: message.code,
      purpose: message.purpose,
      sent_at: new Date().toISOString(),
    });
    await mkdir(this.dataDir, { recursive: true });
    await appendFile(this.file, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}

/** Picks the SMS sender; the outbox refuses to serve a production server unless allowed. */
export function createSmsSender(config: AppConfig): SmsSender {
  if (config.nodeEnv === 'production' && !config.smsOutboxInProduction) {
    throw new Error(
      'No SMS provider is configured and NODE_ENV=production: verify codes would only reach DATA_DIR/sms-outbox.jsonl. Set SMS_OUTBOX_IN_PRODUCTION=true to allow that.',
    );
  }
  return new OutboxSmsSender(config.dataDir);
}
