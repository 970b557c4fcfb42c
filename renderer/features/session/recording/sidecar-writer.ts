// Collects the annotation operations that belong to one recording and appends them, time-stamped, to
// its sidecar in the engine every few seconds and at stop. The header (with the recording id) may still
// be on its way when marks arrive; events wait for it. Events that fail to save are kept and retried.
import type { AnnotationOp, SidecarEvent, SidecarHeader } from '../../../../shared/domain/annotation';
import { api } from '../../../api/fieldtape';

export class SidecarWriter {
  private pending: SidecarEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly header: Promise<SidecarHeader>,
    private readonly startedAtEpochMs: number,
  ) {}

  record(op: AnnotationOp, at = Date.now()): void {
    this.pending.push({ t: Math.max(0, (at - this.startedAtEpochMs) / 1000), at: new Date(at).toISOString(), op });
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.length === 0) return;
      const header = await this.header.catch(() => null);
      if (!header) return;
      const events = this.pending;
      this.pending = [];
      const result = await api.session.annotations({ header, events }).catch(() => null);
      if (!result?.ok) this.pending = [...events, ...this.pending];
    });
    return this.flushing;
  }
}
