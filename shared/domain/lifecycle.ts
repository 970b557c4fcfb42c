// Which recording and delivery states mean what, defined once beside the state machines that produce them
// (main/core/recording/recording-state.ts, main/core/delivery/delivery-state.ts) and imported by the
// engine, the shells, the renderer and the CLI alike. A new state is added here and in its machine only.
// It imports nothing: recording.ts builds its schema from these lists, and lifecycle.test.ts checks at
// compile time that each names only states of its machine.

/** A recorder is running or paused: the indicator and tray show it and an update restart waits for it. */
export const RECORDING_ACTIVE = ['starting', 'recording', 'paused', 'stopping'] as const;
/** The engine is still turning a stopped recording into files. */
export const RECORDING_PROCESSING = ['finalizing', 'recovering'] as const;
/**
 * States only a running owner can be in. Found with its owner process gone, such a recording was
 * interrupted; while its owner runs, it may not be deleted or taken over.
 */
export const RECORDING_OWNED = [...RECORDING_ACTIVE, ...RECORDING_PROCESSING] as const;

/** A delivery the uploader is working on right now. */
export const DELIVERY_WORKING = ['queued', 'uploading'] as const;
/** On its way: working, or waiting for its next attempt or for the user to resume it. */
export const DELIVERY_PENDING = [...DELIVERY_WORKING, 'waiting', 'paused'] as const;
/** Nothing more will happen unless someone asks for it. */
export const DELIVERY_FINISHED = ['delivered', 'failed', 'cancelled'] as const;
/** "Retry now" starts another attempt from these. */
export const DELIVERY_RETRYABLE = ['waiting', 'paused', 'failed', 'cancelled'] as const;

/** Whether `value` is one of `states` (a typed `includes` for string unions). */
export function isOneOf<T extends string>(states: readonly T[], value: string): value is T {
  return (states as readonly string[]).includes(value);
}

export const canRetryDelivery = (state: string): boolean => isOneOf(DELIVERY_RETRYABLE, state);
/** Cancel stops any delivery that has not finished. */
export const canCancelDelivery = (state: string): boolean => !isOneOf(DELIVERY_FINISHED, state);
