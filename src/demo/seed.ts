import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app.ts';
import { readNorgesBankRates } from '../modules/market/spot.ts';
import { exclusively } from '../platform/db/advisory-lock.ts';
import {
  DEMO_LOGIN,
  DEMO_OFFERS_FILE,
  DEMO_PERSON,
  DEMO_STAFF,
  HOURLY_DIR,
  recordingFiles,
} from './demo-household.ts';

export interface SeedReport {
  readonly seeded: boolean;
  readonly spotHours: number;
  readonly offers: number;
}

/**
 * Seeds an empty database with real NO5 spot prices, the demo offers and the demo
 * household's account. The household's consumption is not seeded: it arrives through the
 * demo metering source once the household gives its consent and power of attorney, the
 * same way real data would; its invoices likewise arrive from the demo bank
 * (`demo-invoice-source.ts`) once it allows invoice fetching, dated inside the 16 months
 * before the day they are asked for. Servers starting together on one empty PostgreSQL
 * database seed one after the other, so the second finds the first one's demo and adds
 * nothing.
 */
export const seedDemo = (app: App): Promise<SeedReport> =>
  exclusively(app.store, 'demo-seed', () => seed(app));

const seed = async (app: App): Promise<SeedReport> => {
  const { customers, market } = app.services;
  if ((await customers.countActive()) > 0 || (await market.countOffers()) > 0) {
    return { seeded: false, spotHours: 0, offers: 0 };
  }
  let spotHours = 0;
  for (const file of recordingFiles()) {
    const r = await market.importSpot(fs.readFileSync(file, 'utf8'), { area: 'NO5' });
    spotHours += r.pricing;
  }
  // Hours the recordings lack are filled from day-ahead prices in EUR at Norges Bank's rate, marked as estimated.
  const rates = readNorgesBankRates(fs.readFileSync(path.join(HOURLY_DIR, 'nb_eur_nok_2026.json'), 'utf8'));
  const eur = await market.importSpot(
    fs.readFileSync(path.join(HOURLY_DIR, 'nordpool_eur_no5_2026.json'), 'utf8'),
    {
      rates,
    },
  );
  spotHours += eur.pricing;
  const offers = await market.importOffers(fs.readFileSync(DEMO_OFFERS_FILE, 'utf8'));
  await customers.signUp(
    {
      name: DEMO_PERSON.name,
      email: DEMO_LOGIN.email,
      phone: DEMO_PERSON.phone,
      identityNumber: DEMO_PERSON.identityNumber,
      password: DEMO_LOGIN.password,
    },
    { isDemo: true },
  );
  if ((await app.services.staff.count()) === 0) {
    for (const s of DEMO_STAFF) await app.services.staff.create({ ...s, roles: [...s.roles] }, 'demo');
  }
  return { seeded: true, spotHours, offers: offers.stored };
};
