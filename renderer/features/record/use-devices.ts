// The cameras and microphones this computer has, kept up to date as devices come and go. Labels are only
// given once the page may use media, so the list is read again after the first preview is allowed.
import { useCallback, useEffect, useState } from 'react';

export interface DeviceOption {
  id: string;
  label: string;
}

export interface Devices {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  refresh(): void;
}

export function useDevices(): Devices {
  const [list, setList] = useState<{ cameras: DeviceOption[]; microphones: DeviceOption[] }>({ cameras: [], microphones: [] });
  const refresh = useCallback(() => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((devices) => {
        const of = (kind: MediaDeviceKind, noun: string) =>
          devices.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
        setList({ cameras: of('videoinput', 'Camera'), microphones: of('audioinput', 'Microphone') });
      })
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [refresh]);
  return { ...list, refresh };
}
