import type { components } from '$lib/api/schema';

declare global {
  namespace App {
    interface Locals {
      user: components['schemas']['MeDto'] | null;
      locale: 'en' | 'es';
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
