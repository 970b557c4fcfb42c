import { describe, expect, it } from 'vitest';
import { SessionClock } from './session-clock';

describe('SessionClock', () => {
  it('is the local clock until a host has been heard from', () => {
    const clock = new SessionClock(() => 1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('takes the least-delayed message as the offset estimate', () => {
    let local = 10_000;
    const clock = new SessionClock(() => local);
    // The host's clock is 500 ms ahead; messages take 40 ms, 900 ms and 10 ms to arrive.
    for (const delay of [40, 900, 10]) {
      clock.observe('host', local + 500 - delay);
      local += 2_000;
    }
    expect(clock.offset()).toBe(490);
    expect(clock.now()).toBe(local + 490);
  });

  it('forgets samples from another host and old samples', () => {
    let local = 0;
    const clock = new SessionClock(() => local);
    clock.observe('a', 1_000);
    expect(clock.offset()).toBe(1_000);
    clock.observe('b', -200);
    expect(clock.offset()).toBe(-200);
    local = 120_000;
    clock.observe('b', local - 50);
    expect(clock.offset()).toBe(-50);
  });

  it('is the reference for the participant who records', () => {
    const clock = new SessionClock(() => 5);
    clock.observe('host', 1_000);
    clock.becomeReference('me');
    expect(clock.now()).toBe(5);
  });
});
