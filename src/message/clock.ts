import { Injectable } from '@nestjs/common';

/**
 * The message module's notion of "now" (message times, the contact list's 36-hour window).
 * Tests move it with `advance()` or stop it with `freeze()` instead of waiting.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Stops the clock at `at` (default: now); `advance` still moves it. */
  freeze(at: Date = this.now()): void {
    this.frozenAt = at.getTime();
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }
}
