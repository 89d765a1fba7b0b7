import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { AccessExport } from './export.service.ts';

/**
 * The register extract in the formats people ask for. JSON is the export itself. CSV is
 * one line per stored value (table, row, field, value), `;`-separated with a byte-order
 * mark so that a spreadsheet in Norway opens it as it is. The PDF is for reading: every
 * table with why and how long it is kept, every field, and hourly series summarised per
 * month (the hours themselves are in JSON and CSV).
 */
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const csvCell = (v: string): string => (/[;"\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const flatten = (value: unknown, prefix: string, out: [string, string][]): void => {
  if (value === null || value === undefined) out.push([prefix, '']);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) flatten(v, `${prefix}[${i}]`, out);
  } else if (value instanceof Date) out.push([prefix, value.toISOString()]);
  else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, String(value)]);
};

export const exportToCsv = (e: AccessExport): string => {
  const lines = ['tabell;rad;felt;verdi'];
  for (const [table, t] of Object.entries(e.tables)) {
    t.rows.forEach((row, i) => {
      const cells: [string, string][] = [];
      flatten(row, '', cells);
      for (const [field, value] of cells)
        lines.push([table, String(i + 1), field, value].map(csvCell).join(';'));
    });
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};

const summarise = (value: unknown): string => {
  if (
    Array.isArray(value) &&
    value.length > 48 &&
    value.every((v) => v && typeof v === 'object' && 'kwh' in v)
  ) {
    const hours = value as { start: string; kwh: number | null }[];
    const measured = hours.filter((h) => h.kwh !== null);
    const kwh = measured.reduce((a, h) => a + (h.kwh ?? 0), 0);
    return `${hours.length} timer fra ${hours[0]?.start ?? ''}, ${measured.length} med måling, ${kwh.toFixed(3)} kWh til sammen`;
  }
  if (value === null || value === undefined) return '—';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

export const exportToPdf = (e: AccessExport): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: 'Registerutskrift', Author: e.controller.name },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', FONT);
    doc.registerFont('bold', FONT_BOLD);
    doc.font('bold').fontSize(18).text('Registerutskrift / Register extract');
    doc.font('body').fontSize(10).moveDown(0.5);
    doc.text(`${e.controller.name} · ${e.controller.contact}`);
    doc.text(`Laget / generated: ${e.generatedAt}`);
    doc.text(`Person (intern id): ${e.subjectId}`);
    doc.moveDown();
    for (const [table, t] of Object.entries(e.tables)) {
      doc.font('bold').fontSize(13).text(`${t.description} (${table})`);
      doc.font('body').fontSize(9);
      for (const p of t.purposes) doc.text(`Formål: ${p.purpose} — ${p.legalBasis}`);
      for (const r of t.retention) doc.text(`Lagringstid: ${r}`);
      doc.moveDown(0.3);
      t.rows.forEach((row, i) => {
        doc.font('bold').text(`Rad ${i + 1}`);
        doc.font('body');
        for (const [field, value] of Object.entries(row))
          doc.text(`${field}: ${summarise(value)}`, { indent: 12 });
      });
      doc.moveDown();
    }
    doc.end();
  });
