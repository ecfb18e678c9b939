import { expect, type Page } from '@playwright/test';
import { loadContent, type Catalog } from '@kindred/courses';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'kindred-demo-password';

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  // Hydration can reset a field filled before it finishes (seen on a busy machine): let the page settle.
  await page.waitForLoadState('networkidle');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the service worker is active and controls the page (it claims pages on activation). */
export async function workerInControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
    .toBe(true);
}

/** On a phone-width screen the header's links are folded behind "Menu" (once the page has hydrated): open it. */
export async function openMenu(page: Page): Promise<void> {
  if ((page.viewportSize()?.width ?? 1000) > 640) return;
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

/**
 * Chooses the language in the header and saves it. A data refresh landing between the choice and the
 * click can re-render the select with the old value (seen on a loaded CI machine), so the choice is
 * checked before saving and the whole step retried until the page is in that language.
 */
export async function chooseLanguage(page: Page, locale: 'en' | 'es'): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(async () => {
    const menu = page.getByRole('button', { name: /^(Menu|Menú)$/ });
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true')
      await menu.click();
    const select = page.getByLabel(/^(Language|Idioma)$/);
    await select.selectOption(locale);
    await expect(select).toHaveValue(locale, { timeout: 1000 });
    await page.getByRole('button', { name: /^(Save|Guardar)$/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', locale, { timeout: 5000 });
  }).toPass({ timeout: 30_000 });
}

export async function signOut(page: Page): Promise<void> {
  await openMenu(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  // (on a phone the link is in the folded menu: attached, not necessarily shown)
  await expect(
    page.getByRole('link', { name: 'Sign in', includeHidden: true }).first(),
  ).toBeAttached();
}

let content: Catalog | null = null;
/** The course content the server runs on (read from the repository, as the server does). */
export function courseContent(): Catalog {
  content ??= loadContent(fileURLToPath(new URL('../../courses', import.meta.url)));
  return content;
}

/**
 * Answers a module's knowledge check on its page, question by question whatever order they were drawn in:
 * the best answer everywhere, or a wrong one for the first `wrong` questions of the content (authored order).
 */
export async function answerCheck(page: Page, moduleId: string, wrong = 0): Promise<void> {
  const module = courseContent()
    .courses.flatMap((c) => c.modules)
    .find((m) => m.id === moduleId);
  if (!module) throw new Error(`no module ${moduleId}`);
  const questions = page.locator('fieldset');
  await expect(questions).toHaveCount(module.quiz.length);
  await page.waitForLoadState('networkidle'); // hydrated: nothing resets the choices afterwards
  for (const [i, q] of module.quiz.entries()) {
    const pick =
      i < wrong
        ? q.choices.find((c) => c.id !== q.answer)!
        : q.choices.find((c) => c.id === q.answer)!;
    const radio = questions
      .filter({ has: page.locator('legend', { hasText: q.prompt }) })
      .getByLabel(pick.text, { exact: true });
    await radio.check();
    await expect(radio).toBeChecked();
  }
}

/** A calendar day as the English pages show it (the formatting module: `Nov 23, 2026`). */
export const usDate = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
