import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { PersonalDataRepository } from '../src/modules/privacy/personal-data.repository.ts';
import { createLogger } from '../src/platform/logger.ts';

/**
 * A process that carries out one erasure and is killed by `erasure-kill.test.ts` while the
 * erasure waits. Arguments: `pause` on the embedded database (PGlite is one process, so no
 * other connection can hold the account row: the erasure stops where it would wait for
 * that lock and says so) or `lock` on PostgreSQL (it really waits); then `self CUSTOMER`
 * (the person confirms on "Slett meg") or `desk REQUEST STAFF` (the data protection
 * officer completes a verified request).
 */
const [pause, mode, first, second] = process.argv.slice(2);
if (pause === 'pause') {
  const clear = PersonalDataRepository.prototype.clear;
  PersonalDataRepository.prototype.clear = function (this: PersonalDataRepository, table, ...rest) {
    if (table !== 'customers' || rest[3].status === 'erasure_pending')
      return clear.call(this, table, ...rest);
    process.stdout.write('waiting for the account row\n');
    setInterval(() => {}, 60_000);
    return new Promise<number>(() => {});
  };
}
const app = await createApp(loadConfig(process.env), { logger: createLogger({ level: 'silent' }) });
process.stdout.write('erasing\n');
if (mode === 'desk') await app.services.requests.completeByStaff(first ?? '', second ?? '', '');
else
  await app.services.requests.submit(
    first ?? '',
    'erasure',
    {},
    { channel: 'web', authenticatedAt: new Date() },
  );
process.stdout.write('erased\n');
await app.close();
