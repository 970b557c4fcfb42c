import { describe, expect, it } from 'vitest';
import { allowedLayouts, bubbleRect, layoutCaptureKinds, layoutNeeds } from './solo-layout';

describe('solo layouts', () => {
  it('says what each layout captures', () => {
    expect(layoutNeeds('screen')).toEqual({ screen: true, camera: false, audioOnly: false });
    expect(layoutNeeds('screen-camera')).toEqual({ screen: true, camera: true, audioOnly: false });
    expect(layoutNeeds('camera')).toEqual({ screen: false, camera: true, audioOnly: false });
    expect(layoutNeeds('audio')).toEqual({ screen: false, camera: false, audioOnly: true });
    expect(layoutCaptureKinds('screen-camera')).toEqual(['screen', 'camera']);
  });

  it('offers only the layouts the policy allows', () => {
    expect(allowedLayouts(null)).toEqual(['screen', 'screen-camera', 'camera', 'audio']);
    expect(allowedLayouts(['screen'])).toEqual(['screen']);
    expect(allowedLayouts(['camera', 'intake'])).toEqual(['camera', 'audio']);
    expect(allowedLayouts(['screen', 'camera'])).toEqual(['screen', 'screen-camera', 'camera']);
  });

  it('places the bubble inside the chosen corner', () => {
    const br = bubbleRect(1920, 1080, 'bottom-right');
    expect(br.x + br.size).toBeLessThan(1920);
    expect(br.x).toBeGreaterThan(1920 / 2);
    expect(br.y).toBeGreaterThan(1080 / 2);
    const tl = bubbleRect(1920, 1080, 'top-left');
    expect(tl.x).toBeLessThan(100);
    expect(tl.y).toBeLessThan(100);
    expect(tl.size).toBe(br.size);
  });
});
