// Live previews on the Record screen before recording: the chosen camera in a small video, and the chosen
// microphone's level as a meter. Each owns its stream and stops it when the choice changes or the screen
// goes away, so no device stays open behind the user's back.
import { useEffect, useRef, useState } from 'react';
import { cameraConstraints, describeMediaError, microphoneConstraints } from './capture-streams';

export function CameraPreview({ deviceId, onAllowed }: { deviceId: string | null; onAllowed(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    navigator.mediaDevices.getUserMedia({ video: cameraConstraints(deviceId) }).then(
      (s) => {
        if (!live) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setError(null);
        if (video.current) video.current.srcObject = s;
        onAllowed();
      },
      (e: unknown) => live && setError(describeMediaError('camera', e)),
    );
    return () => {
      live = false;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [deviceId, onAllowed]);
  return (
    <figure className="camera-preview">
      <video ref={video} autoPlay muted playsInline aria-label="Camera preview" />
      {error && <figcaption role="alert">{error}</figcaption>}
    </figure>
  );
}

export function MicrophoneLevel({ deviceId, onAllowed }: { deviceId: string | null; onAllowed(): void }) {
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let stream: MediaStream | null = null;
    let context: AudioContext | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(deviceId) }).then(
      (s) => {
        if (!live) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setError(null);
        onAllowed();
        context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 1024;
        context.createMediaStreamSource(s).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        // Ten readings a second: enough to see that the microphone hears, cheap on the main thread.
        timer = setInterval(() => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const x of samples) sum += x * x;
          const rms = Math.sqrt(sum / samples.length);
          setLevel(Math.min(1, rms * 4));
        }, 100);
      },
      (e: unknown) => live && setError(describeMediaError('microphone', e)),
    );
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      void context?.close().catch(() => undefined);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [deviceId, onAllowed]);
  return (
    <div className="mic-level">
      <meter aria-label="Microphone level" min={0} max={1} low={0.6} high={0.9} optimum={0.3} value={level} />
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
