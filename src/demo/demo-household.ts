import fs from 'node:fs';
import path from 'node:path';
import type { MeteringPointInfo, MeteringSource } from '../modules/metering/metering-source.ts';
import { recordingConsumption } from '../modules/metering/readers.ts';
import type { HourlyPoint } from '../modules/metering/series.ts';

/**
 * The demo household is a real one: a house in price area NO5 whose hourly consumption from
 * December 2025 to July 2026 is in `fixtures/conformance/hourly/` (MIT, Fredrik Lindseth).
 * Its identity number is a synthetic test person's (month + 80), and its metering point ID
 * is made up with a valid check digit.
 */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const HOURLY_DIR = path.join(ROOT, 'fixtures', 'conformance', 'hourly');
export const DEMO_OFFERS_FILE = path.join(ROOT, 'demo', 'offers.json');

export const DEMO_LOGIN = { email: 'demo@elvakt.no', password: 'elvakt-demo-2026' } as const;

/** Demo staff on /ansatt, one per role. Demo only: a real deployment creates staff with `elvakt staff add`. */
export const DEMO_STAFF = [
  {
    username: 'kundeservice',
    name: 'Kari Kundeservice',
    roles: ['customer_service'],
    password: 'demo-kundeservice-2026',
  },
  {
    username: 'personvernombud',
    name: 'Per Personvernombud',
    roles: ['dpo'],
    password: 'demo-personvern-2026',
  },
  { username: 'admin', name: 'Ada Administrator', roles: ['admin'], password: 'demo-administrator-2026' },
] as const;
export const DEMO_PERSON = {
  name: 'Demo Husholdning',
  identityNumber: '17868225181',
  phone: '+4799999999',
} as const;
export const DEMO_METERING_POINT: MeteringPointInfo = {
  meteringPointId: '707057500901234567',
  priceArea: 'NO5',
  // Vestland
  countyCode: '46',
  customerType: 'household',
  currentOfferId: 'demo-vestkyst-spot',
  // BKK AS, the household's real grid company (fixtures/conformance/hourly).
  gridGln: '7080005051378',
};

export const recordingFiles = (): string[] =>
  fs
    .readdirSync(HOURLY_DIR)
    .filter((f) => /^bkk_.*_hourly\.json$/.test(f))
    .sort()
    .map((f) => path.join(HOURLY_DIR, f));

/**
 * Stands in for Elhub in the demo: answers for the demo person only, from the recorded
 * files, within the window asked for.
 */
export class DemoMeteringSource implements MeteringSource {
  readonly name = 'demo-elhub';

  async meteringPoints(identityNumber: string): Promise<MeteringPointInfo[]> {
    return identityNumber === DEMO_PERSON.identityNumber ? [DEMO_METERING_POINT] : [];
  }

  async consumption(
    meteringPointId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ points: HourlyPoint[]; gaps: number }> {
    if (meteringPointId !== DEMO_METERING_POINT.meteringPointId) return { points: [], gaps: 0 };
    const points: HourlyPoint[] = [];
    let gaps = 0;
    for (const file of recordingFiles()) {
      const read = recordingConsumption(fs.readFileSync(file, 'utf8'));
      points.push(...read.points.filter((p) => p.startMs >= fromMs && p.startMs < toMs));
      gaps += read.gaps;
    }
    return { points, gaps };
  }
}
