import { Injectable } from '@nestjs/common';

/**
 * The message module's notion of "now" (message times, the contact list's 36-hour window).
 * Tests move it with `advance()` instead of waiting.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
