// Vitest setup file (runs in every integration worker): copy the services' environment, provided by
// global-setup.ts, into process.env before any test module reads it.
import { inject } from 'vitest';
import './provided-context';

Object.assign(process.env, inject('fieldtapeServicesEnv'));
