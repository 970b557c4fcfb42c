// How a delivery's state reads to a person: queued, uploading n %, waiting until <time> after <error>,
// paused (credentials), delivered, failed permanently. Pure, so it is tested without a DOM.
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import { canCancelDelivery, canRetryDelivery } from '../../../shared/domain/lifecycle';

export function deliveryStatusText(d: DeliverySnapshot, formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleString()): string {
  switch (d.detail.status) {
    case 'queued':
      return d.mode === 'instant' && d.bytesDone > 0 ? `Uploading while recording (${mb(d.bytesDone)} sent)` : 'Queued';
    case 'uploading':
      return `Uploading ${d.bytesTotal > 0 ? Math.min(99, Math.floor((100 * d.bytesDone) / d.bytesTotal)) : 0} %`;
    case 'waiting':
      return `Waiting until ${formatTime(d.detail.until)} after: ${d.detail.error.message}`;
    case 'paused':
      return `Paused: ${d.detail.error.message}${d.detail.until ? ` (next try ${formatTime(d.detail.until)})` : ''}`;
    case 'delivered': {
      // The receipt's RFC 3161 token follows on its own schedule (docs/evidence.md); say so until it is there.
      const token = d.objects.find((o) => o.name === 'receipt.tsr');
      return `Delivered ${formatTime(d.detail.at)}${token && token.status !== 'delivered' ? ' (time-stamp pending)' : ''}`;
    }
    case 'failed':
      // The bucket already held another object under a key (If-None-Match): nothing was overwritten.
      if (d.detail.error.code === 'CONFLICT') return `Conflict: ${d.detail.error.message}`;
      return `Failed permanently: ${d.detail.error.message}`;
    case 'cancelled':
      return 'Cancelled';
  }
}

export const canRetry = (d: DeliverySnapshot): boolean => canRetryDelivery(d.state);
export const canCancel = (d: DeliverySnapshot): boolean => canCancelDelivery(d.state);

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
