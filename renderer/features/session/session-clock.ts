// The session's common clock: the recording host's wall clock, as every participant estimates it.
// Annotation events are stamped on it by whoever drew them, so a recording's sidecar and burn-in place a
// mark where it was drawn, not where it reached the host (a busy host or a slow data channel delays the
// latter by seconds). The host is the reference (its offset is 0); everyone else learns the offset from the
// host's state messages, which carry the host's clock when sent.
//
// One message gives `hostSentAt - localReceivedAt = offset - delay`, with delay >= 0. So the largest value
// seen is the estimate closest to the true offset: a delayed message only ever makes the estimate smaller.
// Samples older than WINDOW_MS are forgotten, so the estimate follows clock drift and a change of host.

const WINDOW_MS = 60_000;

interface Sample {
  /** hostSentAt - localReceivedAt */
  value: number;
  /** local epoch ms when it was received */
  at: number;
}

export class SessionClock {
  private samples: Sample[] = [];
  private reference: string | null = null;

  constructor(private readonly localNow: () => number = () => Date.now()) {}

  /** Now on the session's clock (epoch ms). */
  now(): number {
    return this.localNow() + this.offset();
  }

  /** Host clock minus this participant's clock, in ms (0 until a host has been heard from). */
  offset(): number {
    if (this.samples.length === 0) return 0;
    return Math.max(...this.samples.map((s) => s.value));
  }

  /** A state message from `host`, sent at `hostSentAt` by its clock, arrived now. */
  observe(host: string, hostSentAt: number): void {
    const at = this.localNow();
    if (host !== this.reference) {
      this.reference = host;
      this.samples = [];
    }
    this.samples = this.samples.filter((s) => at - s.at <= WINDOW_MS);
    this.samples.push({ value: hostSentAt - at, at });
  }

  /** This participant records: its own clock is the reference. */
  becomeReference(self: string): void {
    this.reference = self;
    this.samples = [];
  }
}
