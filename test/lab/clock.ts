/**
 * The lab's "now". STS, S3 and the IdPs read it instead of Date.now(), so a test can expire
 * assertions, sessions and presigned URLs by moving the clock instead of waiting.
 */
export class LabClock {
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the lab's clock forward (or back, with a negative value) for every lab service. */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
