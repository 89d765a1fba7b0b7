import type { MessageParams, Refusal } from '../../platform/errors.ts';
import { HOUR_MS, parseOffsetDateTime } from '../../platform/time.ts';
import type { HourlyPoint } from './series.ts';

/** What every reader returns: the points it understood and, line by line, what it refused. */
export interface ReadResult {
  readonly points: HourlyPoint[];
  readonly rejected: Refusal[];
  /** Hours the file lists without a value: a gap, never a zero. */
  readonly gaps: number;
}

const QUALITY: Record<string, HourlyPoint['quality']> = {
  målt: 'measured',
  measured: 'measured',
  estimert: 'estimated',
  estimated: 'estimated',
  korrigert: 'corrected',
  corrected: 'corrected',
};

const parseDecimal = (text: string): number | undefined => {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?\d+(?:[.,]\d+)?$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
};

/** A line refused: `line N` and the English reason for logs, the message key and the line for people. */
const refusal = (line: number, reason: string, key: string, params: MessageParams = {}): Refusal => ({
  at: `line ${line}`,
  reason,
  key,
  params: { line, ...params },
});
const fileRefusal = (reason: string, key: string): Refusal => ({ at: 'file', reason, key, params: {} });
const entryRefusal = (i: number, reason: string, key: string): Refusal => ({
  at: `hours[${i}]`,
  reason,
  key,
  params: { entry: i + 1 },
});

/**
 * The CSV that Elhub's "Min side" exports: UTF-8 with a byte-order mark, `;`-separated,
 * decimal comma, local times with their offsets ("2026-04-01T00:00:00+02:00"), one row per
 * hour (`KWH 60 Forbruk`) or per quarter hour (`KWH 15 Forbruk`, summed to hours here).
 * Production rows and other units are refused by line, not guessed.
 */
export const readElhubCsv = (text: string): ReadResult => {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(';').map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const iFrom = col('fra', 'from');
  const iTo = col('til', 'to');
  const iName = col('målenavn', 'meter name', 'name');
  const iVolume = col('volum', 'volume');
  const iUnit = col('enhet', 'unit');
  const iQuality = col('kvalitet', 'quality');
  const rejected: ReadResult['rejected'] = [];
  if (iFrom < 0 || iTo < 0 || iVolume < 0) {
    return {
      points: [],
      rejected: [
        refusal(
          1,
          'not an Elhub consumption export: the columns Fra, Til and Volum are missing',
          'elhub.csv.notExport',
        ),
      ],
      gaps: 0,
    };
  }
  const hours = new Map<number, { wh: number; quarters: number; quality: HourlyPoint['quality'] }>();
  let gaps = 0;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line.trim() === '') continue;
    const refuse = (reason: string, key: string, params: MessageParams = {}) =>
      rejected.push(refusal(n + 1, reason, key, params));
    const cells = line.split(';');
    const from = parseOffsetDateTime(cells[iFrom] ?? '');
    const to = parseOffsetDateTime(cells[iTo] ?? '');
    if (from === undefined || to === undefined) {
      refuse('time without a valid offset', 'elhub.csv.badTime');
      continue;
    }
    const minutes = (to - from) / 60_000;
    if (minutes !== 60 && minutes !== 15) {
      refuse(`interval of ${minutes} minutes; only 15 and 60 are known`, 'elhub.csv.badInterval', {
        minutes,
      });
      continue;
    }
    const name = (cells[iName] ?? '').toLowerCase();
    if (iName >= 0 && !name.includes('forbruk') && !name.includes('consumption')) {
      refuse('not a consumption series (production or other)', 'elhub.csv.notConsumption');
      continue;
    }
    if (iUnit >= 0 && (cells[iUnit] ?? '').trim().toLowerCase() !== 'kwh') {
      refuse('unit is not kWh', 'elhub.csv.notKwh');
      continue;
    }
    const rawVolume = (cells[iVolume] ?? '').trim();
    if (rawVolume === '') {
      gaps++;
      continue;
    }
    const kwh = parseDecimal(rawVolume);
    if (kwh === undefined || kwh < 0) {
      refuse('volume is not a non-negative number', 'elhub.csv.badVolume');
      continue;
    }
    const quality = iQuality >= 0 ? QUALITY[(cells[iQuality] ?? '').trim().toLowerCase()] : 'measured';
    if (!quality) {
      refuse('unknown quality code', 'elhub.csv.badQuality');
      continue;
    }
    const hourStart = from - (from % HOUR_MS);
    if (minutes === 60 && from % HOUR_MS !== 0) {
      refuse('hour does not start on the hour', 'elhub.csv.notOnTheHour');
      continue;
    }
    const prior = hours.get(hourStart);
    const wh = Math.round(kwh * 1000);
    if (minutes === 60) {
      if (prior) refuse('the same hour appears twice; the later row is used', 'elhub.csv.sameHourTwice');
      hours.set(hourStart, { wh, quarters: 4, quality });
    } else {
      const worst = prior && prior.quality !== 'measured' ? prior.quality : quality;
      hours.set(hourStart, {
        wh: (prior?.wh ?? 0) + wh,
        quarters: (prior?.quarters ?? 0) + 1,
        quality: worst,
      });
    }
  }
  const points: HourlyPoint[] = [];
  for (const [startMs, h] of [...hours.entries()].sort((a, b) => a[0] - b[0])) {
    if (h.quarters !== 4) {
      gaps++;
      rejected.push({
        at: new Date(startMs).toISOString(),
        reason: `only ${h.quarters} of 4 quarter hours present`,
        key: 'elhub.csv.partialHour',
        params: { time: new Date(startMs).toISOString(), quarters: h.quarters },
      });
      continue;
    }
    points.push({ startMs, kwh: h.wh / 1000, quality: h.quality });
  }
  return { points, rejected, gaps };
};

export interface RecordingHour {
  readonly startMs: number;
  readonly kwh: number | null;
  readonly spotNokPerKwhExVat: number | null;
}

/**
 * A household's own meter recording as JSON (the format of the real household in our
 * conformance files): `{ metadata, hours: [{ start_local, kwh, spot_nok_kwh_eks_mva, p_max_w }] }`,
 * local times with offsets, null where the recorder had no value.
 */
export const readMeterRecording = (
  text: string,
): { hours: RecordingHour[]; rejected: ReadResult['rejected'] } => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { hours: [], rejected: [fileRefusal('not JSON', 'recording.notJson')] };
  }
  const list = (doc as { hours?: unknown })?.hours;
  if (!Array.isArray(list))
    return { hours: [], rejected: [fileRefusal('no "hours" list', 'recording.noHours')] };
  const hours: RecordingHour[] = [];
  const rejected: ReadResult['rejected'] = [];
  list.forEach((h: Record<string, unknown>, i) => {
    const startMs = typeof h?.start_local === 'string' ? parseOffsetDateTime(h.start_local) : undefined;
    if (startMs === undefined || startMs % HOUR_MS !== 0) {
      rejected.push(entryRefusal(i, 'start_local is not an hour with an offset', 'recording.badStart'));
      return;
    }
    const num = (v: unknown): number | null | undefined =>
      v === null || v === undefined ? null : typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    const kwh = num(h.kwh);
    const spot = num(h.spot_nok_kwh_eks_mva);
    if (kwh === undefined || spot === undefined || (kwh !== null && kwh < 0)) {
      rejected.push(entryRefusal(i, 'kwh or spot price is not a number', 'recording.badValue'));
      return;
    }
    hours.push({ startMs, kwh, spotNokPerKwhExVat: spot });
  });
  return { hours, rejected };
};

/** The consumption part of a meter recording, as points and gaps. */
export const recordingConsumption = (text: string): ReadResult => {
  const { hours, rejected } = readMeterRecording(text);
  const points: HourlyPoint[] = [];
  let gaps = 0;
  for (const h of hours) {
    if (h.kwh === null) gaps++;
    else points.push({ startMs: h.startMs, kwh: h.kwh, quality: 'measured' });
  }
  return { points, rejected, gaps };
};
