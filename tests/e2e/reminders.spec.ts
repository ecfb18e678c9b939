import { test, expect, type Page } from '@playwright/test';
import { Api, newVolunteer } from '../journeys/support';
import { signIn } from './support';

// Evening reminders on /me (issue 19). What this cannot test: a real push subscription. Headless Chromium
// here has no connection to a browser vendor's push service, so PushManager.subscribe() cannot succeed;
// the API's push path (VAPID, encryption, 410) is tested against a local stand-in in
// api/test/evening-reminders.int-spec.ts. Here: the schedule, the time zone from the browser, the
// "denied" and "unsupported" paths, and "not tonight" on /learn.

async function volunteer(baseURL: string, name: string) {
  const coordinator = await Api.signIn(baseURL, 'coordinator@kindred.demo');
  const v = await newVolunteer(baseURL, coordinator, name, 'supervisor.ben@kindred.demo');
  await v.post('/courses/crisis-de-escalation/enrollment', {});
  return v;
}

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    390,
  );

test.describe('evening reminders on a phone @phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'America/Chicago' });

  test('a volunteer chooses days, time and time zone; they are kept after a reload', async ({
    page,
    baseURL,
  }) => {
    const v = await volunteer(baseURL!, 'Rita Reminded');
    await signIn(page, v.user.email, 'journey-password-1');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto('/me');
    const section = page.locator('#reminders');
    await expect(section.getByRole('heading', { name: 'Evening reminders' })).toBeVisible();
    // Nothing saved yet: the time zone is the browser's own, and it can be changed.
    const zone = section.getByRole('combobox', { name: 'Time zone' });
    await expect(zone).toHaveValue('America/Chicago');
    await expect(section).toContainText('No evening chosen: reminders are off.');

    await section.getByRole('checkbox', { name: 'Tuesday' }).check();
    await section.getByRole('checkbox', { name: 'Thursday' }).check();
    await section.getByLabel('Time', { exact: true }).fill('20:45');
    await zone.fill('America/Denver');
    await section.getByRole('button', { name: 'Save reminders' }).click();
    await expect(section.getByRole('status').first()).toContainText('Saved.');
    await page.screenshot({ path: 'test-results/reminders-me-390.png', fullPage: true });
    await noSideScroll(page);

    await page.reload();
    await expect(section.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
    await expect(section.getByRole('checkbox', { name: 'Thursday' })).toBeChecked();
    await expect(section.getByRole('checkbox', { name: 'Monday' })).not.toBeChecked();
    await expect(section.getByLabel('Time', { exact: true })).toHaveValue('20:45');
    await expect(zone).toHaveValue('America/Denver');
    const saved = await v.get<{ days: string[]; time: string; timeZone: string }>('/me/reminders');
    expect(saved).toMatchObject({
      days: ['tue', 'thu'],
      time: '20:45',
      timeZone: 'America/Denver',
    });

    // A time zone that does not exist: said next to the field, what was typed kept, nothing saved.
    await zone.fill('Mars/Olympus_Mons');
    await section.getByRole('button', { name: 'Save reminders' }).click();
    await expect(section.getByRole('alert')).toContainText('Please check: timeZone');
    await expect(section).toContainText('timeZone must be an IANA time zone');
    await expect(zone).toHaveValue('Mars/Olympus_Mons');
    await expect(section.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
    expect((await v.get<{ timeZone: string }>('/me/reminders')).timeZone).toBe('America/Denver');
  });

  test('"not tonight" on /learn skips one evening', async ({ page, baseURL }) => {
    const v = await volunteer(baseURL!, 'Sam Snooze');
    await v.send('PUT', '/me/reminders', {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      time: '19:30',
      timeZone: 'America/Chicago',
    });
    await signIn(page, v.user.email, 'journey-password-1');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto('/learn');
    const box = page.locator('#not-tonight');
    // Tonight while its reminder is still to come; once it went out (after 21:30 there), tomorrow's.
    const button = box.getByRole('button', { name: /^(Not tonight|Skip the reminder on .+)$/ });
    await expect(button).toBeVisible();
    await noSideScroll(page);
    await button.click();
    await expect(box.getByRole('status')).toContainText(/^No reminder on \w+day, \w+ \d+\./);
    const after = await v.get<{ skipping: string | null }>('/me/reminders');
    expect(after.skipping).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.screenshot({ path: 'test-results/reminders-learn-390.png' });
  });

  test('notifications blocked by the browser: the page says so, and that e-mail still comes', async ({
    page,
    baseURL,
  }) => {
    const v = await volunteer(baseURL!, 'Dana Denied');
    await signIn(page, v.user.email, 'journey-password-1');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto('/me');
    // Headless Chromium answers a notification prompt "denied", as a person tapping Block would.
    const push = page.getByTestId('push-state');
    await expect(push).toHaveAttribute('data-state', 'off');
    await push.getByRole('button', { name: 'Turn on notifications here' }).click();
    await expect(push).toHaveAttribute('data-state', 'denied');
    await expect(push).toContainText('Notifications are blocked for Kindred in this browser');
    expect(await page.evaluate(() => Notification.permission)).toBe('denied');
    await page.reload();
    await expect(push).toHaveAttribute('data-state', 'denied');
    expect((await v.get<{ push: { devices: number } }>('/me/reminders')).push.devices).toBe(0);
  });

  test('a browser without Web Push: the page says reminders come by e-mail', async ({
    page,
    baseURL,
  }) => {
    const v = await volunteer(baseURL!, 'Uma Unsupported');
    // As Safari on an iPhone outside an installed app: no PushManager.
    await page.addInitScript(() => {
      delete (window as { PushManager?: unknown }).PushManager;
    });
    await signIn(page, v.user.email, 'journey-password-1');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto('/me');
    const push = page.getByTestId('push-state');
    await expect(push).toHaveAttribute('data-state', 'unsupported');
    await expect(push).toContainText('This browser cannot show notifications from Kindred');
    await expect(push.getByRole('button')).toHaveCount(0);
  });
});
