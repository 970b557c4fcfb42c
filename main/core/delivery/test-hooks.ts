// TEST-ONLY crash points. FIELDTAPE_TEST_KILL_AFTER=complete (or =put) makes the process SIGKILL itself
// right after the bucket acknowledged a CompleteMultipartUpload (or a PutObject) and before SQLite records
// the object as delivered: the one moment where only the bucket knows the object is there. The integration
// tests use it to prove that such an object ends delivered, not in conflict (docs/evidence.md). Nothing
// sets this variable outside tests; unset, this is a no-op.
export type KillPoint = 'complete' | 'put';

export function testKillPoint(point: KillPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env.FIELDTAPE_TEST_KILL_AFTER === point) process.kill(process.pid, 'SIGKILL');
}
