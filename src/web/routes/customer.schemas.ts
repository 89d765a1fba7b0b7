import { Type } from '@sinclair/typebox';
import { form } from './schemas.ts';

/** What the consent pages and Min side may be given. */
export const StepParams = Type.Object({ n: Type.String({ pattern: '^[0-9]{1,2}$' }) });
export const StepForm = form({ decision: 10, version: 40 });
/** One checkbox and one text version per permission, named by the permission. */
export const ConsentsForm = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 100 }));
export const MeteringPointForm = form({ meteringPointId: 60, priceArea: 10, countyCode: 10 });
export const OfferForm = form({ offerId: 200 });
