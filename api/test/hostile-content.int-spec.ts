import { fileURLToPath } from 'node:url';
import { ContentError, loadCatalog } from '../src/content/content.service.js';

// The API reads course content at boot (KINDRED_COURSES_DIR or courses/) and refuses to start with content that
// fails `pnpm courses:check`, so a module body with markup that would run never reaches a reader through the API.
const HOSTILE = fileURLToPath(
  new URL('../../courses/test/fixtures/hostile-markup', import.meta.url),
);

describe('hostile course content', () => {
  it('is refused at boot, naming each file:line', () => {
    let error: unknown;
    try {
      loadCatalog(HOSTILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    const lines = (error as ContentError).lines;
    expect(lines).toContain(
      'basics/01-first.md:25: raw HTML is not allowed in a module body (it would be compiled into the page): write Markdown',
    );
    expect(
      lines.some((l) => l.startsWith('basics/01-first.md:33: curly braces are page code')),
    ).toBe(true);
    expect(
      lines.some((l) =>
        l.startsWith(
          `basics/01-first.md:35: link "javascript:alert('link'" uses the scheme "javascript:"`,
        ),
      ),
    ).toBe(true);
    expect(
      lines.some((l) => l.startsWith('basics/01-first.md:39: link "vbscript:msgbox(1)"')),
    ).toBe(true);
  });
});
