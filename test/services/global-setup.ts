// Vitest global setup for the integration project: start the real services (or reuse the ones
// `npm run services:up` left running), hand their environment to the workers, and stop them afterwards
// only if this run started them.
import type { TestProject } from 'vitest/node';
import './provided-context';
import { currentOwner, servicesDown, servicesUp } from './stack';

const log = (line: string): void => console.log(`[services] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { env, reused } = await servicesUp({ owner: currentOwner('vitest'), log });
  project.provide('fieldtapeServicesEnv', env);
  return async () => {
    if (!reused) await servicesDown({ log });
  };
}
