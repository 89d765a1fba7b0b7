import fs from 'node:fs';
import path from 'node:path';
import { loadGridTariffFile } from './grid-tariff-file.ts';
import type { GridTariffFile } from './grid-tariff-types.ts';

/** The tariffs shipped with Elvakt: Fri nettleie's files (CC-BY-4.0, credit "Fri nettleie"). */
export const DEFAULT_GRID_TARIFFS_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'fixtures',
  'conformance',
  'grid-tariffs',
);

/**
 * Grid tariff files by the GLNs of their grid company, read once from a folder of Fri
 * nettleie YAML files. A company with several tariff areas has several files; the first
 * file read for a GLN is its main one (tariff areas are named in the others' file names).
 */
export class GridTariffIndex {
  private byGln: Map<string, GridTariffFile> | undefined;

  private readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? DEFAULT_GRID_TARIFFS_DIR;
  }

  of(gln: string): GridTariffFile | undefined {
    if (!this.byGln) {
      this.byGln = new Map();
      const files = fs.existsSync(this.dir)
        ? fs
            .readdirSync(this.dir)
            .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
            .sort(
              (a, b) => Number(a.startsWith('area-')) - Number(b.startsWith('area-')) || a.localeCompare(b),
            )
        : [];
      for (const f of files) {
        const file = loadGridTariffFile(path.join(this.dir, f));
        for (const g of file.gln) if (!this.byGln.has(g)) this.byGln.set(g, file);
      }
    }
    return this.byGln.get(gln);
  }
}
