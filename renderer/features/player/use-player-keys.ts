// The player's keyboard: space or K play/pause, ←/→ 5 s, J/L 10 s back/forward, `,`/`.` one frame
// (pausing first), `<`/`>` speed down/up, Home/End, A toggles the annotation overlay. Keys typed into a
// field, or space/enter on a focused button, are left alone.
import { useEffect, useRef } from 'react';
import { clampTime, stepSpeed } from './player-math';

export interface PlayerKeyTargets {
  video(): HTMLVideoElement | null;
  fps: number;
  onSpeed(speed: number): void;
  onToggleOverlay(): void;
}

export function usePlayerKeys(targets: PlayerKeyTargets): void {
  const ref = useRef(targets);
  useEffect(() => {
    ref.current = targets;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const tag = target?.tagName ?? '';
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable) return;
      if (target?.closest('[role="dialog"]')) return;
      const onButton = tag === 'BUTTON' || tag === 'A' || target?.getAttribute('role') === 'button';
      const video = ref.current.video();
      if (!video) return;
      const seek = (delta: number) => {
        video.currentTime = clampTime(video.currentTime + delta, video.duration);
      };
      const frame = 1 / (ref.current.fps > 0 ? ref.current.fps : 30);
      let handled = true;
      switch (event.key) {
        case ' ':
          if (onButton) return;
          void (video.paused ? video.play() : video.pause());
          break;
        case 'k':
        case 'K':
          void (video.paused ? video.play() : video.pause());
          break;
        case 'ArrowLeft':
          seek(-5);
          break;
        case 'ArrowRight':
          seek(5);
          break;
        case 'j':
        case 'J':
          seek(-10);
          break;
        case 'l':
        case 'L':
          seek(10);
          break;
        case ',':
          video.pause();
          seek(-frame);
          break;
        case '.':
          video.pause();
          seek(frame);
          break;
        case '<':
          ref.current.onSpeed(stepSpeed(video.playbackRate, -1));
          break;
        case '>':
          ref.current.onSpeed(stepSpeed(video.playbackRate, 1));
          break;
        case 'Home':
          video.currentTime = 0;
          break;
        case 'End':
          if (Number.isFinite(video.duration)) video.currentTime = video.duration;
          break;
        case 'a':
        case 'A':
          ref.current.onToggleOverlay();
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
