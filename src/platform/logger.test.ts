import { describe, expect, it } from 'vitest';
import { createLogger, humanLines } from './logger.ts';

describe('log lines on a terminal', () => {
  it('are a level and a sentence, not JSON, and still scrubbed of personal values', () => {
    const written: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: humanLines({ write: (t) => written.push(t) }),
    });
    logger.info('not shown below the level');
    logger.warn({ port: 3001 }, 'port 3001 is taken');
    logger.error({ err: new Error('refused for ola@example.no') }, 'sending failed');
    expect(written).toEqual([
      'warning: port 3001 is taken\n',
      'error: sending failed (refused for [redacted])\n',
    ]);
  });
});
