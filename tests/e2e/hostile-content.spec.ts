import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Module bodies are compiled into the web app by mdsvex (web/svelte.config.js) at build time. mdsvex passes raw
// HTML through and treats {…} as Svelte code, so hostile Markdown would run in every reader's browser (and on the
// server while rendering). These checks drive the web's own Markdown pipeline with a hostile fixture course
// (courses/test/fixtures/hostile-markup, also refused by `pnpm courses:check`), then put what it renders into
// Chromium. The web build cannot take the fixture (it compiles courses/ only), so the renderer is tested directly.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'web');
const fromWeb = createRequire(join(web, 'package.json'));
const HOSTILE = join(root, 'courses/test/fixtures/hostile-markup/basics/01-first.md');

type Preprocessor = {
  name?: string;
  markup: (input: { content: string; filename: string }) => Promise<{ code: string }>;
};

/** The mdsvex step exactly as the web build configures it (with its remark guard). */
async function webMarkdown(): Promise<Preprocessor['markup']> {
  const config = (await import(pathToFileURL(join(web, 'svelte.config.js')).href)).default as {
    preprocess: Preprocessor[];
  };
  const md = config.preprocess.find((p) => p.name === 'mdsvex');
  if (!md) throw new Error('web/svelte.config.js has no mdsvex preprocessor');
  return md.markup.bind(md);
}

/** Compiles mdsvex output as the web does (Svelte, server side) and renders it to HTML. */
async function renderSvelte(source: string): Promise<string> {
  // Inside web/ so that `svelte/...` imports resolve (as ES modules) to the web's own Svelte.
  const dir = mkdtempSync(join(web, '.hostile-render-'));
  try {
    writeFileSync(
      join(dir, 'tools.js'),
      `export { compile } from 'svelte/compiler';\nexport { render } from 'svelte/server';\n`,
    );
    const tools = await import(pathToFileURL(join(dir, 'tools.js')).href);
    writeFileSync(
      join(dir, 'Body.js'),
      tools.compile(source, { generate: 'server', filename: 'Body.svelte' }).js.code,
    );
    const { default: Body } = await import(pathToFileURL(join(dir, 'Body.js')).href);
    return tools.render(Body).body as string;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe('hostile Markdown in course content', () => {
  test('on its own, mdsvex would compile a <script> in a body into the page: this is the danger the guard stops', async () => {
    const { compile } = (await import(pathToFileURL(fromWeb.resolve('mdsvex')).href)) as {
      compile: (s: string) => Promise<{ code: string }>;
    };
    const out = await compile(
      'Hello\n\n<script>alert("top-level")</script>\n\n<img src=x onerror="alert(1)">\n',
    );
    expect(out.code).toContain('<script>alert("top-level")</script>');
    expect(out.code).toContain('onerror="alert(1)"');
  });

  test('the web build refuses the hostile fixture, naming each file:line', async () => {
    const markup = await webMarkdown();
    const error = await markup({ content: readFileSync(HOSTILE, 'utf8'), filename: HOSTILE }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('Unsafe course content');
    const lines = [...(error?.message ?? '').matchAll(/01-first\.md:(\d+): /g)].map((m) =>
      Number(m[1]),
    );
    // <script> inline and alone, <img onerror>, <iframe>, <svg onload>, {expression}, javascript:/data: links,
    // an entity-encoded and a tab-split javascript:, a vbscript: definition, an HTML comment, <a onclick>.
    expect([...new Set(lines)]).toEqual([23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43]);
    expect(error?.message).toMatch(
      /01-first\.md:37: link "JaVascript:alert\(1\)": the scheme "javascript:"/,
    );
  });

  test('every real module still compiles through the guard', async () => {
    const markup = await webMarkdown();
    const dirs = [join(root, 'courses'), join(root, 'courses/es')];
    let compiled = 0;
    for (const base of dirs) {
      for (const course of readdirSync(base, { withFileTypes: true })) {
        if (!course.isDirectory() || !existsSync(join(base, course.name, 'course.md'))) continue;
        for (const file of readdirSync(join(base, course.name)).filter((f) =>
          /^[0-9].*\.md$/.test(f),
        )) {
          const path = join(base, course.name, file);
          await markup({ content: readFileSync(path, 'utf8'), filename: path });
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThanOrEqual(17);
  });

  test('the web never renders text from the API as HTML: front matter (titles, objectives, quiz texts) stays text', async () => {
    // Front matter reaches pages only through the API's JSON and Svelte's {text} interpolation, which escapes.
    // `{@html}` would undo that. One use is allowed: the module page shows its body, which the web server
    // rendered from the repository's Markdown (compiled at build time through the guard above, never text
    // from the API) — and that page's server load must take the body from there and nowhere else.
    const files = (await readdir(join(web, 'src'), { recursive: true })).filter((f) =>
      /\.(svelte|ts|js)$/.test(f),
    );
    expect(files.length).toBeGreaterThan(20);
    const modulePage = join('routes', 'learn', 'modules', '[id]', '+page.svelte');
    const offenders = files.filter((f) =>
      readFileSync(join(web, 'src', f), 'utf8').includes('{@html'),
    );
    expect(offenders).toEqual([modulePage]);
    const uses = readFileSync(join(web, 'src', modulePage), 'utf8').match(/\{@html[^}]*\}/g);
    expect(uses).toEqual(['{@html data.body}']);
    const load = readFileSync(
      join(web, 'src', 'routes', 'learn', 'modules', '[id]', '+page.server.ts'),
      'utf8',
    );
    expect(load).toMatch(/const body = [^;]*await moduleBodyHtml\(/);
  });

  test('what may pass (code showing markup, safe links) renders inert, and runs nothing in Chromium', async ({
    page,
  }) => {
    const markup = await webMarkdown();
    const lines = readFileSync(HOSTILE, 'utf8').split('\n');
    const frontMatterEnd = lines.indexOf('---', 1);
    // The fixture without its refused lines: only what the guard lets through.
    const allowed = [
      ...lines.slice(0, frontMatterEnd + 1),
      '## Listening first',
      '',
      ...lines.slice(43),
    ].join('\n');
    const html = await renderSvelte(
      (await markup({ content: allowed, filename: 'allowed.md' })).code,
    );

    expect(html).toContain('&lt;script>');
    expect(html).toContain('href="https://988lifeline.org"');
    expect(html).not.toMatch(/<script|<iframe|<svg|\son[a-z]+=|javascript:/i);
    // Front matter is never compiled in (titles come from the API as text): the hostile title is not in the body.
    expect(html).not.toContain('onerror');

    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(`<!doctype html><html><body><main>${html}</main></body></html>`);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(
      await page
        .locator(
          'main script, main iframe, main svg, main [onerror], main [onload], main [onclick]',
        )
        .count(),
    ).toBe(0);
    await expect(page.locator('main code').first()).toHaveText('<script>');
  });
});
