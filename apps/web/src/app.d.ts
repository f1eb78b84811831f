import type { Locale, Me } from '@tremplin/contracts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in person as the API knows them, or null. */
      me: Me | null;
      /** The session token from the httpOnly cookie, sent to the API as a Bearer token. */
      token: string | null;
      locale: Locale;
    }
    interface PageData {
      me: Me | null;
      locale: Locale;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
