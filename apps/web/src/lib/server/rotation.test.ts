import { describe, expect, it } from 'vitest';
import { ROTATE_AFTER_SECONDS, rotationDue, tokenIssuedAt } from './rotation';

const token = (claims: object) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

describe('session token rotation', () => {
  it('reads when a token was issued', () => {
    expect(tokenIssuedAt(token({ sub: 'u', sid: 's', iat: 1_800_000_000 }))).toBe(1_800_000_000);
  });

  it('is due once the token is a quarter of an hour old, not before', () => {
    const now = Date.UTC(2026, 10, 26, 12);
    const issued = now / 1000 - ROTATE_AFTER_SECONDS;
    expect(rotationDue(token({ iat: issued }), now)).toBe(true);
    expect(rotationDue(token({ iat: issued + 1 }), now)).toBe(false);
  });

  it('leaves an unreadable token alone (the API judges it)', () => {
    expect(rotationDue('not-a-token')).toBe(false);
    expect(rotationDue('a.%%%.c')).toBe(false);
    expect(rotationDue(token({ iat: 'yesterday' }))).toBe(false);
  });
});
