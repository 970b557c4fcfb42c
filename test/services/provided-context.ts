// The value the integration project's global setup hands to every test worker (see apply-env.ts).
import type { ServicesEnv } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    fieldtapeServicesEnv: ServicesEnv;
  }
}
