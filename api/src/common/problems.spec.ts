import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasProblemTranslation, problemIn } from './problems.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Every literal `message: '…'` of a DTO decorator under api/src. */
function dtoMessages(): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.dto.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/message: '([^']+)'/g)) out.add(m[1]);
    }
  };
  walk(SRC);
  return [...out];
}

describe('general validation messages in Spanish', () => {
  it('has a Spanish form of every DTO message (untranslated ones are listed)', () => {
    const messages = dtoMessages();
    expect(messages.length).toBeGreaterThan(50);
    expect(messages.filter((m) => !hasProblemTranslation('es', m))).toEqual([]);
  });

  it('keeps the field name and says the rule in Spanish', () => {
    expect(problemIn('es', 'email must be an e-mail address')).toBe(
      'email debe ser una dirección de correo electrónico',
    );
    expect(problemIn('es', 'reason may be at most 500 characters')).toBe(
      'reason debe tener como máximo 500 caracteres',
    );
    expect(problemIn('es', 'kind must be tabletop or field')).toBe(
      'kind debe ser tabletop o field',
    );
    expect(problemIn('es', 'property foo should not exist')).toBe('no se admite el campo foo');
    expect(problemIn('es', 'each of requestIds must be a UUID')).toBe(
      'cada elemento de requestIds debe ser un UUID',
    );
    expect(problemIn('en', 'email must be an e-mail address')).toBe(
      'email must be an e-mail address',
    );
  });
});
