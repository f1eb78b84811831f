// Helpers for the end-to-end tests: demo accounts, sign-in, unique data.
import { expect, type Locator, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Tremplin-demo-2026';
export const demo = {
  operator: 'operateur@demo.tremplin.fr',
  student: 'eleve@demo.tremplin.fr',
  teacher: 'prof@demo.tremplin.fr',
  head: 'direction@demo.tremplin.fr',
  employer: 'entreprise@demo.tremplin.fr',
  mentor: 'mentor@demo.tremplin.fr',
  ambassador: 'ambassadeur@demo.tremplin.fr',
};

/**
 * A field by the words of its label, whether or not the label ends with the "(obligatoire)" mark
 * of required fields (visible, hidden from screen readers, but part of the label's text).
 */
export function field(scope: Page | Locator, label: string): Locator {
  const words = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // \s: the mark begins with a no-break space.
  return scope.getByLabel(new RegExp(`^${words}(?:\\s\\(obligatoire\\))?$`));
}

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail ou code de connexion').fill(login);
  await field(page, 'Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

export const unique = (prefix: string) =>
  `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** A random SIRET made Luhn-valid by its last digit. */
export function randomSiret(): string {
  const base = Array.from({ length: 13 }, () => Math.floor(Math.random() * 10)).join('');
  for (let d = 0; d <= 9; d++) {
    const candidate = base + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(candidate[13 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
