/**
 * The rules of monitoring, pure: what a customer hears about and when. A customer is told
 * when the yearly saving for one of their metering points crosses their threshold, once per
 * crossing: not again while it stays above, again after it has fallen below and risen. And
 * never more than once for the same change of prices, offers or their own data.
 */
export type Channel = 'email' | 'sms';

export interface Preferences {
  readonly channel: Channel;
  /** The smallest yearly saving worth a message, in øre. */
  readonly thresholdOre: number;
  readonly paused: boolean;
}

/** What a customer gets before choosing: e-mail, from 500 kroner a year. */
export const DEFAULT_PREFERENCES: Preferences = { channel: 'email', thresholdOre: 50_000, paused: false };

export const MAX_THRESHOLD_ORE = 10_000_000;

export interface NotificationInput {
  readonly savingOre: number | null;
  readonly preferences: Preferences;
  /** Told already since the saving last went above the threshold. */
  readonly notifiedAbove: boolean;
  /** The consent to continued monitoring is active. */
  readonly consent: boolean;
  /** No restriction or objection covers monitoring. */
  readonly allowed: boolean;
}

export type NotificationDecision =
  | { readonly notify: true }
  | {
      readonly notify: false;
      readonly reason:
        | 'no-consent'
        | 'restricted'
        | 'paused'
        | 'below-threshold'
        | 'told-already'
        | 'no-saving';
    };

export const decideNotification = (i: NotificationInput): NotificationDecision => {
  if (!i.consent) return { notify: false, reason: 'no-consent' };
  if (!i.allowed) return { notify: false, reason: 'restricted' };
  if (i.savingOre === null || i.savingOre <= 0) return { notify: false, reason: 'no-saving' };
  if (i.savingOre < i.preferences.thresholdOre) return { notify: false, reason: 'below-threshold' };
  if (i.notifiedAbove) return { notify: false, reason: 'told-already' };
  if (i.preferences.paused) return { notify: false, reason: 'paused' };
  return { notify: true };
};

/** Whether the "told" mark stays: it is cleared once the saving falls below the threshold. */
export const stillAbove = (savingOre: number | null, thresholdOre: number, notifiedAbove: boolean): boolean =>
  notifiedAbove && savingOre !== null && savingOre >= thresholdOre;

/** The identity of one change a saving was computed from: the area's market version and the point's own counter. */
export const changeKey = (meteringPointId: string, marketVersion: number, dataVersion: number): string =>
  `saving:${meteringPointId}:${marketVersion}:${dataVersion}`;
