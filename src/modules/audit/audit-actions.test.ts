import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../web/i18n.ts';
import { AUDIT_ACTIONS } from './audit-actions.ts';

const SRC = path.join(import.meta.dirname, '..', '..');

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });

/**
 * The audit log page shows every event as words, never as its code. The type of an audit
 * event's action is the list; this reads the code as well, so an action written some other
 * way (a helper taking a plain string) is still caught.
 */
describe('audit event texts', () => {
  it('has a text in both languages for every audit action', () => {
    for (const action of AUDIT_ACTIONS) {
      const key = `audit.action.${action}` as keyof (typeof MESSAGES)['nb'];
      const nb = MESSAGES.nb[key];
      const en = MESSAGES.en[key];
      expect(nb?.trim(), action).toBeTruthy();
      expect(en?.trim(), action).toBeTruthy();
      expect(nb, action).not.toBe(en);
      expect(nb, action).not.toContain(action);
    }
  });

  it('knows every audit action the code writes', () => {
    const written = new Set<string>();
    const patterns = [
      /action: '([a-z_]+\.[a-z_]+)'/g,
      /recordSystem\('([a-z_]+\.[a-z_]+)'/g,
      /this\.(?:record|log)\([a-zA-Z.]+, '([a-z_]+\.[a-z_]+)'/g,
    ];
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) if (m[1]) written.add(m[1]);
    }
    // The scan finds the actions written as literals (the rest are built from typed parts).
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });
});
