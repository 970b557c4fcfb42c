// Children get our environment minus the secrets: checked on the helper, and on a real child started the
// way ffmpeg is (runProcess), which prints the environment it received.
import { describe, expect, it } from 'vitest';
import { runProcess } from '../media/child-process';
import { childEnv, isSecretVariable, registerSecretVariable } from './child-env';
import { registerSecret } from './redact';

describe('child environment', () => {
  it('drops AWS secrets, FIELDTAPE_*SECRET*, profile secret variables and registered secret values; keeps the rest', () => {
    registerSecretVariable('ACME_S3_KEY');
    registerSecret('registered-value-4711');
    const env = childEnv({
      PATH: '/usr/bin',
      HOME: '/home/t',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      aws_session_token: 'lowercase-token',
      FIELDTAPE_TEST_S3_WRITER_SECRET: 'writer',
      FIELDTAPE_HOME: '/data',
      ACME_S3_KEY: 'profile-secret',
      SOMETHING_ELSE: 'registered-value-4711',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/t', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', FIELDTAPE_HOME: '/data' });
    expect(isSecretVariable('acme_s3_key', 'x')).toBe(true); // Windows names are case-insensitive
  });

  it('a real child process started like ffmpeg does not see the secret variables', async () => {
    registerSecretVariable('FT_TEST_PROFILE_SECRET_VAR');
    const names = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'FIELDTAPE_SOME_SECRET', 'FT_TEST_PROFILE_SECRET_VAR'];
    const saved = names.map((n) => [n, process.env[n]] as const);
    for (const n of names) process.env[n] = `value-of-${n}`;
    process.env.FT_TEST_VISIBLE = 'visible-1';
    try {
      const run = await runProcess(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.env))'], { captureStdout: true });
      const seen = JSON.parse(run.stdout) as Record<string, string>;
      expect(seen.FT_TEST_VISIBLE).toBe('visible-1');
      for (const n of names) expect(seen[n], n).toBeUndefined();
      expect(run.stdout).not.toMatch(/value-of-/);
    } finally {
      for (const [n, v] of saved) if (v === undefined) delete process.env[n]; else process.env[n] = v;
      delete process.env.FT_TEST_VISIBLE;
    }
  });
});
