import { AppError } from './errors.ts';

/**
 * Text files people give us (an Elhub export, spot prices, offers) are read as UTF-8, or
 * as UTF-16 when their byte order mark says so, as Excel's "Unicode text" and some
 * exports write them. Anything else is refused with how to save it as UTF-8, never read
 * with a guess: a Windows-1252 file read as UTF-8 turns «Målt» into «M�lt» and a quality
 * column silently into something else. Pure: bytes in, text or the reason out.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** What the bytes most likely were, to name it in the refusal. */
export type LikelyEncoding = 'windows-1252' | 'utf-16-without-bom' | 'utf-32' | 'binary';

export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncoding }
  | { readonly ok: false; readonly problem: 'not_utf8'; readonly likely: LikelyEncoding };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);

const tryDecode = (decoder: TextDecoder, bytes: Uint8Array): string | undefined => {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
};

/** Zero bytes in every other place are ASCII in UTF-16; elsewhere they say the file is not text. */
const guessWithZeros = (bytes: Uint8Array): LikelyEncoding => {
  const sample = bytes.subarray(0, 4096);
  let odd = 0;
  let even = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = sample.length / 2;
  return odd > half * 0.6 || even > half * 0.6 ? 'utf-16-without-bom' : 'binary';
};

export const decodeText = (bytes: Uint8Array): DecodedText => {
  if (startsWith(bytes, 0xff, 0xfe, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xfe, 0xff))
    return { ok: false, problem: 'not_utf8', likely: 'utf-32' };
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    const le = bytes[0] === 0xff;
    const body = bytes.subarray(2);
    if (body.length % 2 !== 0) return { ok: false, problem: 'not_utf8', likely: 'binary' };
    // Big-endian is swapped to little-endian rather than asked of a decoder that may lack it.
    const ordered = le ? body : Uint8Array.from(body, (_b, i) => body[i % 2 === 0 ? i + 1 : i - 1] as number);
    const text = tryDecode(utf16le, ordered);
    return text === undefined || text.includes('\u0000')
      ? { ok: false, problem: 'not_utf8', likely: 'binary' }
      : { ok: true, text, encoding: le ? 'utf-16le' : 'utf-16be' };
  }
  const body = startsWith(bytes, 0xef, 0xbb, 0xbf) ? bytes.subarray(3) : bytes;
  if (body.includes(0)) return { ok: false, problem: 'not_utf8', likely: guessWithZeros(body) };
  const text = tryDecode(utf8, body);
  return text === undefined
    ? { ok: false, problem: 'not_utf8', likely: 'windows-1252' }
    : { ok: true, text, encoding: 'utf-8' };
};

const LIKELY: Record<LikelyEncoding, string> = {
  'windows-1252': 'it looks like Windows-1252 / Latin-1, as older Excel and Notepad save CSV',
  'utf-16-without-bom': 'it looks like UTF-16 without a byte order mark',
  'utf-32': 'it is UTF-32',
  binary: 'it does not look like text',
};

/** The refusal for the command line (English, like the rest of it); the web says the same in the reader's language. */
export const notUtf8Error = (likely: LikelyEncoding, file?: string): AppError =>
  new AppError(
    'unsupported_format',
    `${file ? `${file} is` : 'The file is'} not UTF-8 text (${LIKELY[likely]}). Save it as UTF-8 and try again: in Excel, Save As → "CSV UTF-8 (comma delimited)"; in Notepad, Save As → Encoding: UTF-8; in LibreOffice, Save As → Character set: Unicode (UTF-8).`,
    [{ at: 'file', message: 'not_utf8' }],
  );

/** The text, or the refusal that says how to save it as UTF-8. */
export const decodeTextOrThrow = (bytes: Uint8Array, file?: string): string => {
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw notUtf8Error(decoded.likely, file);
  return decoded.text;
};
