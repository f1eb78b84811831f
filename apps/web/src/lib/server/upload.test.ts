import { describe, expect, it } from 'vitest';
import { decodeText } from './upload';

describe('decodeText', () => {
  it('reads UTF-8 as UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('Élodie Œuvray ’ €'))).toBe('Élodie Œuvray ’ €');
  });

  it('reads Windows-1252, including the characters of 0x80–0x9F (€, ’, œ, Œ)', () => {
    // "Cœur d’Élan 5€" in Windows-1252.
    const bytes = new Uint8Array([
      0x43, 0x9c, 0x75, 0x72, 0x20, 0x64, 0x92, 0xc9, 0x6c, 0x61, 0x6e, 0x20, 0x35, 0x80,
    ]);
    expect(decodeText(bytes)).toBe('Cœur d’Élan 5€');
  });
});
