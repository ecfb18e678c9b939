// Issue 16: a Spanish-speaking volunteer, with a Spanish browser, sees Kindred in Spanish everywhere: no
// English string (from the English dictionary or the English course content) on any page, and axe clean.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { loadContent } from '@kindred/courses';
import { inLanguage, loadPathways, loadPrograms } from '@kindred/certificates';
import { fileURLToPath } from 'node:url';
import { en } from '../../web/src/lib/i18n/en';
import { es } from '../../web/src/lib/i18n/es';
import { chooseLanguage, DEMO_PASSWORD } from './support';
import { Api, newVolunteer } from '../journeys/support';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const catalog = loadContent(fileURLToPath(new URL('../../courses', import.meta.url)));
const S = es as Record<string, string>;

/** A message's literal text: the longest run between ICU arguments (the arguments vary). */
const literal = (message: string) =>
  message
    .split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/)
    .map((s) => s.trim())
    .sort((a, b) => b.length - a.length)[0] ?? '';

/**
 * English that must not show on a Spanish page: every dictionary message that differs in Spanish, and
 * the English course content (titles, summaries, objectives, quiz texts) and competency framework where
 * a translation exists.
 */
const ENGLISH: string[] = (() => {
  const out = new Set<string>();
  for (const [key, text] of Object.entries(en)) {
    const lit = literal(text);
    if (lit.length >= 12 && literal(S[key] ?? '') !== lit) out.add(lit);
  }
  for (const c of catalog.courses) {
    const t = c.translations.es;
    if (!t) continue;
    out.add(c.title).add(c.summary);
    for (const m of c.modules) {
      if (!t.modules[m.id]) continue;
      out.add(m.title);
      m.objectives.forEach((o) => out.add(o));
      for (const q of m.quiz) {
        out.add(q.prompt);
        q.choices.forEach((ch) => out.add(ch.text).add(ch.explain));
      }
    }
  }
  // Drills with a Spanish translation: every text the player and the debrief can show.
  const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim());
  for (const d of catalog.drills) {
    if (!d.translations.es) continue;
    [d.title, d.setting, d.contentNote ?? '', d.strongPath, d.reflection].forEach((x) =>
      out.add(x),
    );
    for (const n of Object.values(d.nodes)) {
      paragraphs(n.text).forEach((x) => out.add(x));
      n.choices.forEach((c) => out.add(c.text).add(c.feedback));
    }
  }
  // Certificate programs and pathway stages that have Spanish texts.
  const certificates = (dir: string) =>
    fileURLToPath(new URL(`../../certificates/${dir}`, import.meta.url));
  for (const p of loadPrograms(certificates('programs')).programs)
    if (p.translations.es) out.add(p.name);
  for (const p of loadPathways(certificates('pathways')).pathways) {
    if (!p.translations.es) continue;
    out.add(p.name);
    p.stages.forEach((s) => out.add(s.name));
  }
  // The competency framework, once it has Spanish texts: competency, domain and scale names, rubric
  // criteria (and the longer texts: descriptions, behaviors, rubric levels) that the Spanish differs from.
  const fw = catalog.framework;
  const tf = fw.translations.es;
  if (tf) {
    const add = (english: string, spanish: string | undefined) => {
      if (spanish !== english) out.add(english);
    };
    add(fw.title, tf.title);
    fw.scale.forEach((s) => add(s.name, tf.scale[s.id]?.name));
    fw.domains.forEach((d) => add(d.name, tf.domains[d.id]?.name));
    for (const c of fw.competencies) {
      const tc = tf.competencies[c.id];
      add(c.name, tc?.name);
      add(c.description, tc?.description);
      c.behaviors.forEach((b, i) => add(b, tc?.behaviors[i]));
      for (const k of c.rubric) {
        add(k.criterion, tc?.rubric[k.id]?.criterion);
        for (const [level, text] of Object.entries(k.levels))
          add(text, tc?.rubric[k.id]?.levels[level]);
      }
    }
  }
  return [...out].filter((s) => s.length >= 9);
})();

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The visible text of the page (and the accessible names of controls), checked for English; then axe. */
async function allSpanish(page: Page, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: test.info().outputPath(`${step}.png`), fullPage: true });
  const text = norm(
    // (a string, run in the page: this package is type-checked without the DOM library)
    await page.evaluate<string>(`(() => {
      const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder]')].map((e) =>
        ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a) ?? '').join(' '),
      );
      return document.title + '\\n' + document.body.innerText + '\\n' + labels.join('\\n');
    })()`),
  );
  const found = ENGLISH.filter((s) => text.includes(norm(s)));
  expect.soft(found, `English on ${page.url()} (${step})`).toEqual([]);
  expect.soft(await page.locator('html').getAttribute('lang'), step).toBe('es');
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`);
  expect.soft(serious, `axe on ${page.url()} (${step})`).toEqual([]);
}

async function signInEs(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.waitForLoadState('networkidle');
  await page.getByLabel(S['signIn.email']).fill(email);
  await page.getByLabel(S['signIn.password']).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: S['signIn.submit'] }).click();
}

async function chooseSpanish(page: Page) {
  await chooseLanguage(page, 'es');
}

test.describe('a Spanish browser', () => {
  test.use({ locale: 'es-US', viewport: { width: 390, height: 844 } });

  test('a volunteer who never chose a language lands in Spanish after signing in', async ({
    page,
  }) => {
    await signInEs(page, 'jordan@kindred.demo');
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(S['learn.title']);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });

  test('Tomás’s journey is Spanish: sign in, a module, a quiz with a wrong answer, a drill to its debrief, hours, pathway, certificates, verify', async ({
    page,
  }) => {
    await signInEs(page, 'tomas@kindred.demo');
    await expect(page).toHaveURL(/\/learn$/);
    // The demo seed saves Spanish for him; an earlier spec on this shared database (pathway.spec) saves
    // English, so choose Spanish again when that happened.
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveText(new RegExp(`^(${S['learn.title']}|${en['learn.title']})$`));
    if ((await h1.textContent())?.trim() === en['learn.title']) await chooseSpanish(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(S['learn.title']);
    await allSpanish(page, 'learn');

    await page.goto('/learn/courses/peer-roles');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Roles y límites en el apoyo entre pares',
    );
    await allSpanish(page, 'course');

    // The ethics course's boundaries-and-confidentiality module, in Spanish.
    await page.goto('/learn/modules/peer-02');
    // (the content note comes first unless the module was already finished, as Tomás's demo record has it)
    const note = page.getByRole('heading', { name: S['learn.noteTitle'] });
    if (await note.isVisible()) {
      await allSpanish(page, 'content note');
      await page.getByRole('link', { name: S['learn.noteContinue'] }).click();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Límites y confidencialidad');
    await expect(page.getByTestId('translation-behind')).toHaveCount(0); // made from the current English
    await allSpanish(page, 'module');

    // The knowledge check with one wrong answer: graded the same as in English, explained in Spanish.
    const quiz = catalog.courses.find((c) => c.slug === 'peer-roles')!.translations.es.modules[
      'peer-02'
    ].quiz;
    await page
      .getByRole('link', {
        name: new RegExp(`^(${S['learn.takeCheck']}|${S['learn.retakeCheck']})$`),
      })
      .click();
    // Questions are drawn in another order for each attempt: find each by its prompt.
    const questions = page.getByRole('group');
    await page.waitForLoadState('networkidle');
    for (const [i, q] of quiz.entries()) {
      const pick =
        i === 0
          ? q.choices.find((c) => c.id !== q.answer)!
          : q.choices.find((c) => c.id === q.answer)!;
      await questions
        .filter({ has: page.locator('legend', { hasText: q.prompt }) })
        .getByLabel(pick.text, { exact: true })
        .check();
    }
    await page.getByRole('button', { name: S['learn.checkSubmit'] }).click();
    await expect(page.getByRole('status')).toContainText(`de ${quiz.length}`);
    const wrong = quiz[0].choices.find((c) => c.id !== quiz[0].answer)!;
    await expect(
      page.getByText(wrong.explain.replace(/\s+/g, ' ').trim().slice(0, 40)),
    ).toBeVisible();
    await allSpanish(page, 'quiz result');

    // A drill played to its debrief, in Spanish (the strong path: the first choice at every step).
    const drill = catalog.drills.find((d) => d.id === 'peer-threat-ex-01')!;
    const tr = drill.translations.es;
    await page.goto('/learn/drills');
    await expect(page.getByRole('link', { name: tr.title })).toBeVisible();
    await allSpanish(page, 'drills');
    await page.getByRole('link', { name: tr.title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr.title);
    await expect(page.getByText(tr.setting)).toBeVisible();
    await allSpanish(page, 'drill');
    await page
      .getByRole('button', { name: new RegExp(`^(${S['drills.start']}|${S['drills.resume']})$`) })
      .click();
    await expect(page).toHaveURL(/\/play$/);
    for (let step = 1; ; step++) {
      const choices = page.getByRole('group', { name: S['drills.whatDoYouDo'] });
      await expect(choices).toBeVisible();
      if (step === 1) await allSpanish(page, 'drill situation');
      await choices.getByRole('button').first().click();
      await expect(page.getByRole('heading', { name: S['drills.feedback'] })).toBeVisible();
      if (step === 1) await allSpanish(page, 'drill feedback');
      const toDebrief = page.getByRole('link', { name: S['drills.toDebrief'] });
      if (await toDebrief.isVisible()) {
        await toDebrief.click();
        break;
      }
      expect(step, 'the strong path ends within the drill').toBeLessThan(10);
      await page.getByRole('link', { name: S['drills.continue'] }).click();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `${S['drills.debrief']}: ${tr.title}`,
    );
    await expect(page.getByText(tr.strongPath)).toBeVisible();
    await expect(page.getByText(tr.nodes['END:protected'].text.slice(0, 60))).toBeVisible();
    await allSpanish(page, 'drill debrief');

    // Practice hours: a phone number is refused, in Spanish.
    await page.goto('/me/hours');
    const form = page.locator('form[action="?/log"]');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel(S['hours.workedOn']).fill(yesterday);
    await form.getByLabel(S['hours.hours'], { exact: true }).fill('2');
    await form.getByLabel(S['hours.setting']).fill('Centro comunitario, turno de tarde');
    await form.getByLabel(S['hours.category']).selectOption({ index: 1 });
    await form
      .getByLabel(S['hours.reflection'])
      .fill('Le di el número 555-867-5309 para que llame');
    await form.getByRole('button', { name: S['hours.submit'] }).click();
    await expect(
      page.getByText('La reflexión parece contener un número de teléfono').first(),
    ).toBeVisible();
    await allSpanish(page, 'hours refused');

    await page.goto('/me/pathway');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(S['path.title']);
    await expect(page.getByText(/\(s\)/)).toHaveCount(0);
    await allSpanish(page, 'pathway');

    await page.goto('/learn/certificates');
    await allSpanish(page, 'certificates');

    // The skills map and a competency's public page: the framework's names, behaviors and rubric.
    await page.goto('/learn/competencies');
    await allSpanish(page, 'competencies');
    await page.goto('/competencies/PEER.4');
    await allSpanish(page, 'competency');

    await page.goto('/verify');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(S['verify.title']);
    await allSpanish(page, 'verify');
  });

  test('the public verification page says every check in Spanish', async ({ page, baseURL }) => {
    const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
    const person = await newVolunteer(
      baseURL!,
      coordinator,
      'Verificada Prueba',
      'supervisor.ana@kindred.demo',
    );
    const issued = await coordinator.post<{ state: string; id: string }>(
      `/organizations/${coordinator.orgId}/certificates`,
      { holderUserId: person.user.id, program: 'foundations', reason: 'Prueba de verificación' },
    );
    expect(issued.state).toBe('issued');
    await page.goto(`/verify/${issued.id}`);
    await expect(page.getByText(/^Válido: lo firmó su emisor/)).toBeVisible();
    await expect(page.getByText(/^La firma del emisor/)).toBeVisible();
    // no fixed sentence of the English verifier on the page (the sentences with values are checked by
    // their Spanish form above and in api/test/verify-es.int-spec.ts)
    const english = Object.values(inLanguage('en'))
      .filter((f) => f.length === 0)
      .map((f) => (f as () => string)());
    const text = norm(await page.locator('main').innerText());
    expect(english.filter((line) => text.includes(line))).toEqual([]);
    expect(text).not.toMatch(/\b(Issued by|Not revoked|The certificate is valid)\b/);
    // the certificate's name as signed in Spanish (the credential carries English and Spanish), and no
    // English string at all on the page; axe clean
    const foundations = loadPrograms(
      fileURLToPath(new URL('../../certificates/programs', import.meta.url)),
    ).programs.find((p) => p.slug === 'foundations')!;
    await expect(page.getByTestId('verdict')).toContainText(foundations.translations.es.name);
    // the holder's pathway stage too (English stage names are short: "Trainee" is below the length the
    // page-wide check looks for)
    const verdict = await page.getByTestId('holder-status').innerText();
    const pathway = loadPathways(
      fileURLToPath(new URL('../../certificates/pathways', import.meta.url)),
    ).pathways.find((p) => p.slug === 'peer-supporter')!;
    expect(pathway.stages.filter((x) => verdict.includes(x.name)).map((x) => x.name)).toEqual([]);
    expect(Object.values(pathway.translations.es.stages!).some((x) => verdict.includes(x))).toBe(
      true,
    );
    await allSpanish(page, 'verify-id');
    await coordinator.dispose();
  });

  test('a saved choice wins over the browser', async ({ browser, baseURL }) => {
    // A new volunteer of her own: a demo person left in Spanish would change other specs' pages.
    const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
    const person = await newVolunteer(
      baseURL!,
      coordinator,
      'Saved Choice',
      'supervisor.ana@kindred.demo',
    );
    const signInEn = async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto('/sign-in');
      await page.waitForLoadState('networkidle');
      await page.getByLabel('E-mail').fill(person.user.email);
      await page.getByLabel('Password').fill('journey-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/learn$/);
      return { context, page };
    };
    // She chooses Spanish once, from an English browser...
    const first = await signInEn();
    await expect(first.page.getByRole('heading', { level: 1 })).toHaveText(en['learn.title']);
    await chooseSpanish(first.page);
    await first.context.close();
    // ...and a new English browser (no cookie) shows Spanish: her saved choice wins.
    const again = await signInEn();
    await expect(again.page.getByRole('heading', { level: 1 })).toHaveText(S['learn.title']);
    // the page went from the English sign-in page to Spanish without a reload: <html lang> follows
    await expect(again.page.locator('html')).toHaveAttribute('lang', 'es');
    await again.context.close();
  });
});
