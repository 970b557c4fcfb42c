import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic beside the code, no services) and `integration` (real ffmpeg, SQLite,
// MinIO, LiveKit, the keychain and Chromium), whose global setup provisions the services once per run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts', 'preload/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/services/global-setup.ts'],
          setupFiles: ['test/services/apply-env.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
