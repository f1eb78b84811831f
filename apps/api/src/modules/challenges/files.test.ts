import { describe, expect, it } from 'vitest';
import { attachmentHeader, cleanFilename, sniffChallengeFile, zipEntryNames } from './files.js';

/** A ZIP archive with stored (uncompressed) entries, as office suites write their files. */
function storedZip(entries: { name: string; data: string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');

describe('reading a file’s type from its bytes', () => {
  it('recognises PDF, PNG and JPEG by their signatures', () => {
    expect(sniffChallengeFile(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(sniffChallengeFile(PNG)).toBe('image/png');
    expect(sniffChallengeFile(JPEG)).toBe('image/jpeg');
  });

  it('recognises an OpenDocument presentation by its first, uncompressed mimetype entry', () => {
    const odp = storedZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.presentation' },
      { name: 'content.xml', data: '<office:document-content/>' },
    ]);
    expect(sniffChallengeFile(odp)).toBe('application/vnd.oasis.opendocument.presentation');
    const odt = storedZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
      { name: 'content.xml', data: '<x/>' },
    ]);
    expect(sniffChallengeFile(odt)).toBeNull();
  });

  it('recognises a PowerPoint presentation by the entries of its archive', () => {
    const pptx = storedZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    ]);
    expect(zipEntryNames(pptx)).toEqual(['[Content_Types].xml', 'ppt/presentation.xml']);
    expect(sniffChallengeFile(pptx)).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    const docx = storedZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    expect(sniffChallengeFile(docx)).toBeNull();
  });

  it('refuses text, HTML, an empty file and a truncated archive whatever they are called', () => {
    expect(sniffChallengeFile(Buffer.from('Ceci est notre rapport.\n'))).toBeNull();
    expect(sniffChallengeFile(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffChallengeFile(Buffer.alloc(0))).toBeNull();
    expect(sniffChallengeFile(Buffer.from('PK\x03\x04 not really a zip', 'latin1'))).toBeNull();
    const pptx = storedZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    ]);
    expect(sniffChallengeFile(pptx.subarray(0, pptx.length - 10))).toBeNull();
  });
});

describe('cleaning a file name', () => {
  it('keeps only the last segment of a Windows or Unix path', () => {
    expect(cleanFilename('C:\\Users\\ines\\Bureau\\rapport final.pdf', 'application/pdf')).toBe(
      'rapport final.pdf',
    );
    expect(cleanFilename('../../etc/passwd.pdf', 'application/pdf')).toBe('passwd.pdf');
  });

  it('gives the extension of the type found, not the one claimed', () => {
    expect(cleanFilename('affiche.pdf', 'image/png')).toBe('affiche.png');
    expect(cleanFilename('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG'.replace('JPEG', 'jpeg'));
    expect(cleanFilename('sans extension', 'application/pdf')).toBe('sans extension.pdf');
    expect(cleanFilename('v1.2 du projet', 'application/pdf')).toBe('v1.2 du projet.pdf');
  });

  it('removes control characters and leading dots, and shortens long names', () => {
    expect(cleanFilename('\u0000.\u202ehidden\n.pdf', 'application/pdf')).toBe('hidden.pdf');
    expect(cleanFilename('...', 'image/png')).toBe('fichier.png');
    const long = cleanFilename(`${'é'.repeat(300)}.pdf`, 'application/pdf');
    expect(long.length).toBe(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('writes a download header any browser reads', () => {
    expect(attachmentHeader('Présentation "finale".pdf')).toBe(
      `attachment; filename="Presentation _finale_.pdf"; filename*=UTF-8''Pr%C3%A9sentation%20%22finale%22.pdf`,
    );
  });
});
