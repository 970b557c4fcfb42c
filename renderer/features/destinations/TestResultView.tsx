// One Test connection result: the cause as a headline, what to do, and the engine's own message with the
// specifics (bucket, key, host). Success is a status, failure an alert, so a screen reader hears either.
import type { ProfileTestResult } from '../../../shared/domain/profile';
import { describeTest } from './test-causes';

export function TestResultView({ result }: { result: ProfileTestResult }) {
  const text = describeTest(result);
  return (
    <div role={result.ok ? 'status' : 'alert'} className={`test-result ${result.ok ? 'ok' : 'bad'}`} data-cause={result.cause}>
      <strong>{text.title}</strong>
      <p>{text.advice}</p>
      <p className="detail">{text.message}</p>
      {text.skewNote && <p className="detail">{text.skewNote}</p>}
    </div>
  );
}
