import { test, expect } from '@playwright/test';
import { Api, newVolunteer } from '../journeys/support';
import { signIn, signOut } from './support';

test.describe('notifications on a phone @phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a supervisor signs off; the volunteer sees the unread count in the header and the item, marks it read, and chooses mails', async ({
    page,
    baseURL,
  }) => {
    const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
    const supervisor = await Api.signIn(baseURL!, 'supervisor.ben@kindred.demo');
    const v = await newVolunteer(baseURL!, coordinator, 'Nia Notified', supervisor.user.email);
    const request = await v.post<{ id: string }>('/me/competencies/PEER.1/signoff-requests', {
      reflection: 'Practised on shift.',
    });

    // The supervisor decides on the phone.
    await signIn(page, 'supervisor.ben@kindred.demo');
    await expect(page).toHaveURL(/\/supervise$/);
    await page.goto(`/supervise/requests/${request.id}`);
    await page.waitForLoadState('networkidle');
    for (const radio of await page.locator('input[type="radio"][value="proficient"]').all())
      await radio.check();
    await page.getByLabel('Overall level').selectOption('proficient');
    await page.getByRole('textbox', { name: 'Comment' }).fill('Steady and warm with the caller.');
    await page.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByRole('status')).toContainText('sees it in their notifications');
    await signOut(page);

    // The volunteer: the count is in the header, in view without opening the menu.
    await signIn(page, v.user.email, 'journey-password-1');
    await expect(page).toHaveURL(/\/learn$/);
    const bell = page.getByTestId('notifications-link');
    await expect(bell).toBeInViewport();
    await expect(bell.getByLabel('1 unread')).toHaveText('1');
    await page.screenshot({ path: 'test-results/notifications-header-390.png' });
    await bell.click();
    await expect(page).toHaveURL(/\/me\/notifications$/);
    const item = page.getByTestId('notification').first();
    await expect(item).toContainText(/Signed off: PEER\.1 /);
    await expect(item).toContainText(`${supervisor.user.name} signed off PEER.1`);
    await expect(item).toContainText('New');
    await expect(item.getByRole('link', { name: 'Open' })).toHaveAttribute(
      'href',
      '/learn/competencies',
    );
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: 'test-results/notifications-list-390.png', fullPage: true });

    await item.getByRole('button', { name: /Mark as read/ }).click();
    await expect(page.getByTestId('unread-summary')).toHaveText('All caught up: nothing unread.');
    await expect(bell.getByLabel(/unread/)).toHaveCount(0);

    // Mail choices: turn one kind off; it stays off after a reload.
    const practice = page.getByLabel('a supervisor asks for more practice');
    await expect(practice).toBeChecked();
    await practice.uncheck();
    await page
      .getByRole('region', { name: 'Which e-mails you get' })
      .getByRole('button', { name: 'Save' })
      .click();
    await expect(page.getByRole('status')).toHaveText('Your e-mail choices are saved.');
    await page.reload();
    await expect(page.getByLabel('a supervisor asks for more practice')).not.toBeChecked();
    await expect(page.getByLabel('a supervisor signs off a skill')).toBeChecked();
    const prefs = await v.get<{ email: Record<string, boolean> }>('/me/notification-preferences');
    expect(prefs.email).toMatchObject({ practice_asked: false, signoff_decided: true });
  });
});
