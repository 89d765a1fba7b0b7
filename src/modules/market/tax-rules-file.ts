import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { parseTaxRules, type TaxRules } from './tax-rules-data.ts';

/** The rules shipped with the code, at the repository root. */
export const DEFAULT_TAX_RULES_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'rules',
  'electricity-taxes.json',
);

export const loadTaxRules = (file: string = DEFAULT_TAX_RULES_PATH): TaxRules => {
  const name = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AppError('validation_failed', `The tax rules ${name} cannot be read as JSON.`, [], { cause });
  }
  return parseTaxRules(json);
};
