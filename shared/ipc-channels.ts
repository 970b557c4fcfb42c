/** The single Electron channel on which main pushes contract events to the preload. */
export const EVENT_CHANNEL = 'fieldtape:event';
