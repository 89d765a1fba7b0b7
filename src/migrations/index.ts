import type { Migration } from '../platform/db/migrator.ts';
import { initial } from './0001-initial.ts';
import { privacyCore } from './0002-privacy-core.ts';
import { invoiceIngest } from './0003-invoice-ingest.ts';
import { offerCatalogue } from './0004-offer-catalogue.ts';
import { monitoring } from './0005-monitoring.ts';
import { gridCompany } from './0006-grid-company.ts';
import { signIn } from './0007-sign-in.ts';
import { customerNameIndex } from './0008-customer-name-index.ts';
import { staffFirstPassword } from './0009-staff-first-password.ts';
import { staffOidc } from './0010-staff-oidc.ts';
import { requestCarryOut } from './0011-request-carry-out.ts';
import { signInLimits } from './0012-sign-in-limits.ts';
import { staffDeparture } from './0013-staff-departure.ts';
import { exportRuns } from './0014-export-runs.ts';
import { spotPriceSources } from './0015-spot-price-sources.ts';
import { snapshotBasis } from './0016-snapshot-basis.ts';

/** Every migration, in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [
  initial,
  privacyCore,
  invoiceIngest,
  offerCatalogue,
  monitoring,
  gridCompany,
  signIn,
  customerNameIndex,
  staffFirstPassword,
  staffOidc,
  requestCarryOut,
  signInLimits,
  staffDeparture,
  exportRuns,
  spotPriceSources,
  snapshotBasis,
];
