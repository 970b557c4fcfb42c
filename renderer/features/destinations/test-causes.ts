// What the Destinations page says for each cause `profile test` can name (main/core/delivery/profile-test.ts
// diagnoses them; its message carries the specifics: the key, the bucket, the host). Here each cause gets
// a headline a technician recognises and what to do about it in this app.
import type { ProfileTestCause, ProfileTestResult } from '../../../shared/domain/profile';

export interface CauseText {
  title: string;
  advice: string;
}

export const CAUSE_TEXT: Record<ProfileTestCause, CauseText> = {
  ok: { title: 'Connection works', advice: 'Fieldtape wrote a small test object into the bucket. New recordings can be delivered here.' },
  'wrong-secret': { title: 'Wrong secret access key', advice: 'Replace the secret with the one that belongs to this access key ID, then test again.' },
  'wrong-access-key': { title: 'Wrong access key ID', advice: 'The storage service does not know this access key ID. Check it for typos, or ask the bucket owner whether it was disabled.' },
  'access-denied': {
    title: 'No such bucket, or access denied',
    advice: 'The credentials work but writing was refused. Check the bucket name; if it is right, ask the bucket owner to allow s3:PutObject for this key.',
  },
  'no-such-bucket': { title: 'No such bucket', advice: 'Check the bucket name (and the endpoint it lives on).' },
  'wrong-region': { title: 'Wrong region', advice: 'The bucket is in another region. Set the region the bucket was created in.' },
  'wrong-endpoint': { title: 'Wrong endpoint', advice: 'The endpoint answered, but not like S3. Use the S3 API address of the service, not its web console.' },
  'connection-refused': { title: 'Endpoint unreachable (connection refused)', advice: 'Nothing answers at that address. Check the endpoint URL, its port and http/https, and that the service is running.' },
  dns: { title: 'Endpoint unreachable (unknown host)', advice: 'The host name cannot be found. Check the endpoint URL for typos, and that this computer is online.' },
  timeout: { title: 'Endpoint unreachable (no answer)', advice: 'The endpoint did not answer in time. Check the network, and any firewall or proxy in between.' },
  tls: { title: 'Secure connection failed', advice: 'The endpoint may speak plain http, or show a certificate this computer does not trust. Check http/https in the endpoint URL.' },
  'clock-skew': { title: "This computer's clock is wrong", advice: 'The storage service rejects requests from a clock that is off by more than 15 minutes. Turn on network time, then test again.' },
  'missing-secret': { title: 'No secret stored', advice: 'Type the secret access key (Replace secret), then test again.' },
  encryption: {
    title: 'Encryption or storage class refused',
    advice: 'Check the KMS key ID, or choose "Bucket default" storage classes (S3-compatible services often know only STANDARD).',
  },
  'object-lock': {
    title: 'Object Lock refused',
    advice:
      'The destination asks for Object Lock retention, but the bucket has no Object Lock configuration (it must be created with Object Lock), or the policy lacks s3:PutObjectRetention. Ask the bucket owner, or turn retention off.',
  },
  unknown: { title: 'The test failed', advice: 'See the message below; the log has the details.' },
};

export function describeTest(result: ProfileTestResult): CauseText & { message: string; skewNote: string | null } {
  const text = CAUSE_TEXT[result.cause];
  const skew = result.clockSkewSec;
  return {
    ...text,
    message: result.message,
    skewNote: skew !== null && Math.abs(skew) > 60 && result.cause !== 'clock-skew' ? `This computer's clock differs from the server's by ${skew} s.` : null,
  };
}
