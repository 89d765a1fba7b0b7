import { Type } from '@sinclair/typebox';
import { form, text, Uuid } from './schemas.ts';

/** What the household's invoice, consumption and notification pages may be given. */
export const AttachmentParams = Type.Object({ id: Uuid, n: Type.String({ pattern: '^[1-9][0-9]{0,2}$' }) });

/** The chosen metering point, level and dates; a date that is no date is the page's own field error. */
export const ConsumptionQuery = Type.Object({
  punkt: text(40),
  niva: text(10),
  fra: text(40),
  til: text(40),
});

/** A download names one of the household's metering points by our id. */
export const CsvQuery = Type.Object({ ...ConsumptionQuery.properties, punkt: Uuid });

export const SavedQuery = Type.Object({ lagret: text(1) });
export const NotificationsForm = form({ channel: 10, threshold: 40, paused: 10 });
