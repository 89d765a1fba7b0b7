// The worker's entry point is plain JavaScript so that it starts the same way under tsx,
// under bin/elvakt.js and under the test runner: a worker thread does not inherit the
// parent's TypeScript loader, so it registers its own before loading the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./pricing-worker.ts');
