import { NS } from './ubl-parser.ts';
import { textOf, UblValues } from './ubl-values.ts';
import { readXmlDocument } from './xml-document.ts';

/**
 * Files embedded in an invoice (EHF: AdditionalDocumentReference/Attachment/
 * EmbeddedDocumentBinaryObject, base64), read back out of the stored original document.
 * Parsing keeps only their size; the bytes are taken from the original when the customer
 * asks for them. Pure. Only documents that were accepted at import are stored, so this
 * reads them with the same strict reader and limits.
 */
export interface EmbeddedAttachment {
  /** 1-based, in the order of the document; what a download link names. */
  readonly index: number;
  readonly description: string | null;
  readonly filename: string | null;
  readonly mimeCode: string | null;
  readonly bytes: number;
  readonly base64: string;
}

/** Types a browser may be told an attachment is; EHF allows these. Anything else is sent as bytes. */
const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

/** The content type to send: the declared one when EHF allows it, else plain bytes. */
export const contentTypeOf = (mimeCode: string | null): string =>
  mimeCode && KNOWN_TYPES.has(mimeCode.toLowerCase()) ? mimeCode.toLowerCase() : 'application/octet-stream';

export const extensionOf = (mimeCode: string | null): string => EXTENSIONS[contentTypeOf(mimeCode)] ?? 'bin';

const decodedSize = (clean: string): number => {
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
};

export const embeddedAttachments = (document: string, maxBytes: number): EmbeddedAttachment[] => {
  const read = readXmlDocument(document, {
    maxBytes,
    roots: [
      { namespace: NS.invoice, name: 'Invoice' },
      { namespace: NS.creditNote, name: 'CreditNote' },
    ],
    namespaces: [NS.cac, NS.cbc, NS.ext],
  });
  if (!read.ok) return [];
  const v = new UblValues();
  const out: EmbeddedAttachment[] = [];
  for (const ref of v.many(read.document.root, 'AdditionalDocumentReference')) {
    for (const attachment of v.many(ref, 'Attachment')) {
      for (const embedded of v.many(attachment, 'EmbeddedDocumentBinaryObject')) {
        const base64 = (textOf(embedded) ?? '').replace(/\s+/g, '');
        if (base64 === '') continue;
        out.push({
          index: out.length + 1,
          description: v.text(ref, 'DocumentDescription', 'AdditionalDocumentReference'),
          filename: v.attr(embedded, 'filename'),
          mimeCode: v.attr(embedded, 'mimeCode'),
          bytes: decodedSize(base64),
          base64,
        });
      }
    }
  }
  return out;
};
