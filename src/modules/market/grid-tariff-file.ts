import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { type GridTariffFile, readGridTariffYaml } from './grid-tariff.ts';
import { type GridCompanyDays, parseGridCalendar } from './grid-tariff-calendar.ts';

/** Tariff files are a few kilobytes; anything far larger is not one. */
const MAX_TARIFF_BYTES = 1_000_000;

export const DEFAULT_GRID_CALENDAR_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'rules',
  'grid-company-calendar.json',
);

export const loadGridTariffFile = (file: string): GridTariffFile => {
  const name = path.basename(file);
  const size = fs.statSync(file).size;
  if (size > MAX_TARIFF_BYTES)
    throw new AppError('payload_too_large', `${name} is too large for a tariff file.`);
  return readGridTariffYaml(fs.readFileSync(file, 'utf8'), name);
};

export const loadGridCalendar = (file: string = DEFAULT_GRID_CALENDAR_PATH): readonly GridCompanyDays[] => {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AppError('validation_failed', `${path.basename(file)} cannot be read as JSON.`, [], { cause });
  }
  return parseGridCalendar(json);
};
