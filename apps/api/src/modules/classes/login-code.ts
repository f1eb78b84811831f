// Sign-in codes for pupils without an e-mail: "TRM-7KQ4-9XPZ", from an alphabet without the
// characters a pupil confuses when copying them (0/O, 1/I/L, U/V).
import { randomInt } from 'node:crypto';

export const LOGIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/** A new random code: 8 characters from 29, about 5 × 10^11 possibilities. */
export function newLoginCode(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += LOGIN_CODE_ALPHABET[randomInt(LOGIN_CODE_ALPHABET.length)];
  return `TRM-${body.slice(0, 4)}-${body.slice(4)}`;
}

export const LOGIN_CODE_PATTERN = new RegExp(
  `^TRM-[${LOGIN_CODE_ALPHABET}]{4}-[${LOGIN_CODE_ALPHABET}]{4}$`,
);
