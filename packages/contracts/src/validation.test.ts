import { describe, expect, it } from 'vitest';
import {
  luhnValid,
  passwordProblem,
  siretProblem,
  uaiCheckLetter,
  uaiProblem,
} from './validation.js';

describe('SIRET', () => {
  it('accepts a Luhn-valid 14-digit SIRET, spaces allowed', () => {
    // 732 829 320 00074 is a SIRET commonly used as a valid example.
    expect(siretProblem('73282932000074')).toBeNull();
    expect(siretProblem('732 829 320 00074')).toBeNull();
  });
  it('refuses a wrong check digit and a wrong length, saying which', () => {
    expect(siretProblem('73282932000075')).toMatch(/clé de contrôle/);
    expect(siretProblem('7328293200007')).toMatch(/14 chiffres/);
  });
  it('luhnValid rejects non-digits and the empty string', () => {
    expect(luhnValid('12a4')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});

describe('UAI', () => {
  it('computes the check letter of a known UAI', () => {
    // 0750655E: the letter is 750655 mod 23 = 4 -> E.
    expect(uaiCheckLetter('0750655')).toBe('E');
    expect(uaiProblem('0750655e')).toBeNull();
  });
  it('refuses a wrong letter or a malformed code', () => {
    expect(uaiProblem('0750655F')).toMatch(/lettre de contrôle/);
    expect(uaiProblem('075065E')).toMatch(/7 chiffres/);
  });
});

describe('passwords', () => {
  it('explains why a password is refused', () => {
    expect(passwordProblem('court1')).toMatch(/au moins 10/);
    expect(passwordProblem('abcdefghijkl')).toMatch(/deux sortes/);
    expect(passwordProblem('Tremplin-2026!')).toBeNull();
  });
});
