// Reference data: communes of the département and the ROME repertoire of trades.
// Loaded from packages/db/data by src/reference/load.ts, never typed by hand.
import { doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';

export const communes = pgTable('communes', {
  /** INSEE code, e.g. "94028" (Créteil). */
  code: text().primaryKey(),
  name: text().notNull(),
  department: text().notNull(),
  postalCodes: text().array().notNull().default([]),
  lat: doublePrecision().notNull(),
  lon: doublePrecision().notNull(),
  /** Name without accents, lower case, for search. */
  searchText: text().notNull(),
});

export const tradeDomains = pgTable('trade_domains', {
  /** Grand domaine letter, A to N. */
  code: text().primaryKey(),
  label: text().notNull(),
});

export const trades = pgTable(
  'trades',
  {
    /** Fiche métier code, e.g. "M1805"; its first three characters name the domaine professionnel. */
    code: text().primaryKey(),
    label: text().notNull(),
    domainCode: text()
      .notNull()
      .references(() => tradeDomains.code),
    /** Code and label without accents, lower case, for accent-insensitive search. */
    searchText: text().notNull(),
  },
  (t) => [index().on(t.domainCode)],
);
