import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Swagger names a schema after its class: two DTO classes with one name silently become one schema, and
// the generated web client then types one endpoint with the other's shape (it happened with ProgramDto).
function classNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return classNames(path);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.spec.ts')) return [];
    return [...readFileSync(path, 'utf8').matchAll(/export class (\w+Dto)\b/g)].map((m) => m[1]);
  });
}

describe('DTO class names', () => {
  it('are unique across the API, so every OpenAPI schema is its own', () => {
    const names = classNames(fileURLToPath(new URL('..', import.meta.url)));
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
