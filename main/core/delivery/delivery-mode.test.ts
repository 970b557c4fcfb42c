import { describe, expect, it } from 'vitest';
import { effectiveDeliveryMode } from './delivery-mode';

describe('effective delivery mode', () => {
  it("uses the destination's own mode when it has one", () => {
    expect(effectiveDeliveryMode({ deliveryMode: 'instant' }, { deliveryMode: 'post-stop' })).toBe('instant');
    expect(effectiveDeliveryMode({ deliveryMode: 'post-stop' }, { deliveryMode: 'instant' })).toBe('post-stop');
  });

  it('follows the global setting for profiles without the field, or without a profile', () => {
    expect(effectiveDeliveryMode({}, { deliveryMode: 'instant' })).toBe('instant');
    expect(effectiveDeliveryMode({ deliveryMode: undefined }, { deliveryMode: 'post-stop' })).toBe('post-stop');
    expect(effectiveDeliveryMode(null, { deliveryMode: 'instant' })).toBe('instant');
  });
});
