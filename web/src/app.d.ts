import type { components } from '$lib/api/schema';

declare global {
  namespace App {
    interface Locals {
      user: components['schemas']['MeDto'] | null;
      locale: 'en' | 'es';
      /** The signed-in person's unread notifications, given with the session (hooks.server.ts). */
      unread: number;
    }
    interface PageData {
      user: components['schemas']['MeDto'] | null;
      locale: 'en' | 'es';
    }
    interface Error {
      message: string;
    }
  }
}

export {};
