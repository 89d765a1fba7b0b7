// Plain JavaScript, like the pricing worker's entry: a worker thread does not inherit the
// parent's TypeScript loader, so it registers its own before loading the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
