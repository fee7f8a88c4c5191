import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TokenService } from '../auth/token.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { loggableError } from '../common/logging/logging';
import { Logger } from '@nestjs/common';

/** An open WebSocket or SSE stream, as the registry sees it. */
export interface RealtimeConnection {
  readonly tokenId: string;
  readonly transport: 'ws' | 'sse' | 'poll';
  end(reason: 'token_revoked'): void;
}

/** How often open connections' tokens are checked (revocation closes them within 5 s). */
const TOKEN_CHECK_MS = 2000;

/**
 * The instance's open realtime connections: the per-token limit (`WS_MAX_PER_TOKEN` WebSockets
 * a token), and the sweep that ends those whose token was revoked or expired.
 */
@Injectable()
export class RealtimeConnections implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeConnections.name);
  private readonly open = new Set<RealtimeConnection>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), TOKEN_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get maxSocketsPerToken(): number {
    return this.config.events.wsMaxPerToken;
  }

  /** False when the token already holds its limit of WebSockets here. */
  hasRoomFor(tokenId: string): boolean {
    let sockets = 0;
    for (const connection of this.open) {
      if (connection.tokenId === tokenId && connection.transport === 'ws') sockets += 1;
    }
    return sockets < this.maxSocketsPerToken;
  }

  add(connection: RealtimeConnection): () => void {
    this.open.add(connection);
    return () => this.open.delete(connection);
  }

  get count(): number {
    return this.open.size;
  }

  /** Ends the connections whose token is no longer usable (one query for all of them). */
  async sweep(): Promise<void> {
    if (this.sweeping || this.open.size === 0) return;
    this.sweeping = true;
    try {
      // Only the connections asked about: one opened while the query ran is not judged by it.
      const checked = [...this.open];
      const usable = await this.tokens.usableIds([...new Set(checked.map((c) => c.tokenId))]);
      for (const connection of checked) {
        if (this.open.has(connection) && !usable.has(connection.tokenId)) {
          this.open.delete(connection);
          connection.end('token_revoked');
        }
      }
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Checking realtime tokens failed');
    } finally {
      this.sweeping = false;
    }
  }
}
