// What a team's file really is: its type read from its own bytes (never from its name or the
// browser's word), and its name cleaned of any path before it is stored or sent back.
import type { ChallengeFileType } from '@tremplin/contracts';

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ODP = 'application/vnd.oasis.opendocument.presentation';

export const EXTENSIONS: Record<ChallengeFileType, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  [PPTX]: ['pptx'],
  [ODP]: ['odp'],
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** Names of the entries of a ZIP archive, from its central directory; null if it is not one. */
export function zipEntryNames(content: Buffer, limit = 5000): string[] | null {
  if (content.length < 22 || content.readUInt32LE(0) !== ZIP_LOCAL) return null;
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
  const floor = Math.max(0, content.length - 22 - 0xffff);
  let end = -1;
  for (let i = content.length - 22; i >= floor; i--) {
    if (content.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < Math.min(count, limit); n++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== ZIP_CENTRAL) return null;
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > content.length) return null;
    names.push(content.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** An OpenDocument file names its type in a first, uncompressed entry called "mimetype". */
function openDocumentType(content: Buffer): string | null {
  if (content.length < 38 || content.readUInt32LE(0) !== ZIP_LOCAL) return null;
  const method = content.readUInt16LE(8);
  const nameLength = content.readUInt16LE(26);
  const extraLength = content.readUInt16LE(28);
  if (method !== 0 || nameLength !== 8) return null;
  if (content.subarray(30, 38).toString('latin1') !== 'mimetype') return null;
  const size = content.readUInt32LE(18);
  const start = 38 + extraLength;
  if (size > 100 || start + size > content.length) return null;
  return content.subarray(start, start + size).toString('latin1');
}

/** The file's type read from its bytes, among those a team may hand in; null for anything else. */
export function sniffChallengeFile(content: Buffer): ChallengeFileType | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.length >= 4 && content.readUInt32LE(0) === ZIP_LOCAL) {
    if (openDocumentType(content) === ODP) return ODP;
    const names = zipEntryNames(content);
    if (names?.includes('[Content_Types].xml') && names.includes('ppt/presentation.xml')) {
      return PPTX;
    }
  }
  return null;
}

/**
 * The name to keep: the last segment of any path (Windows or Unix), without control characters
 * or characters that trouble file systems, at most 120 characters, with the extension of the
 * type actually found (a PNG called "affiche.pdf" is kept as "affiche.png").
 */
export function cleanFilename(raw: string, type: ChallengeFileType): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const allowed = EXTENSIONS[type];
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let stem = dot > 0 ? name.slice(0, dot) : name;
  if (!allowed.includes(extension) && dot > 0 && !/^[a-z0-9]{1,5}$/i.test(extension)) {
    // A dot inside the name, not an extension: keep it as part of the stem.
    stem = name;
  }
  stem = stem.trim() || 'fichier';
  const ext = allowed.includes(extension) ? extension : allowed[0]!;
  name = `${stem.slice(0, 120 - ext.length - 1)}.${ext}`;
  return name;
}

/** A `Content-Disposition` value that any browser reads, for any name. */
export function attachmentHeader(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
