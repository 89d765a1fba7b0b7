// The export renderer's thread. It runs the TypeScript sources through tsx like the command
// line does, since a worker does not inherit the loader of the thread that started it.
import { register } from 'tsx/esm/api';

register();
await import('./export-render.worker.ts');
