// allowedCaptureSources: the recording service refuses a source kind the policy does not allow, for
// every host (app, web shell, CLI), before anything is created or captured. Recovery of recordings that
// already exist is unaffected.
import { AppError } from '../../../shared/errors';
import type { RecordingSource, SourceKind } from '../../../shared/domain/recording';
import type { RecordingService } from '../recording/recording-service';
import type { PolicyState } from './policy';

/** The allowed kinds, or null when the policy does not restrict them. */
export function allowedCaptureSources(state: PolicyState): readonly SourceKind[] | null {
  return state.status === 'valid' ? (state.policy.allowedCaptureSources ?? null) : null;
}

export function assertCaptureSourceAllowed(state: PolicyState, kind: SourceKind): void {
  const allowed = allowedCaptureSources(state);
  if (allowed && !allowed.includes(kind)) {
    throw new AppError(
      'MANAGED_BY_POLICY',
      `Your organisation's policy does not allow recording from "${kind}" (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/**
 * The policy kinds a source uses. A solo recording from the Record screen is a renderer (intake) recording
 * of a screen and/or a camera: it is allowed exactly when a device capture of the same kinds would be. One
 * with neither (audio only) and session recordings count as 'intake'.
 */
export function policyKindsOf(source: RecordingSource): SourceKind[] {
  if (source.kind !== 'intake' || !source.captures) return [source.kind];
  const visual = source.captures.filter((c): c is 'screen' | 'camera' => c === 'screen' || c === 'camera');
  return visual.length > 0 ? visual : ['intake'];
}

export function enforceCaptureSources(service: RecordingService, state: PolicyState): RecordingService {
  if (allowedCaptureSources(state) === null) return service;
  return {
    ...service,
    create: async (options) => {
      for (const kind of policyKindsOf(options.source)) assertCaptureSourceAllowed(state, kind);
      return service.create(options);
    },
  };
}
