import { posix } from 'node:path';
import { report, type LoadContext } from './context.js';
import { isRelativeLink, markdownLinks, unsafeMarkup } from './markdown.js';
import type { Module } from './types.js';

/**
 * Relative links in module bodies must lead to a module file. A translated module may link to a module
 * that is not translated yet: the web app then shows the original, so the original's path counts too.
 */
export function checkLinks(ctx: LoadContext, originals: Module[], translated: Module[]): void {
  const files = new Set([...originals, ...translated].map((m) => m.file));
  const originalFiles = new Set(originals.map((m) => m.file));
  for (const m of originals) checkModuleLinks(ctx, m, (path) => files.has(path));
  for (const m of translated) {
    checkModuleLinks(ctx, m, (path) => files.has(path) || originalFiles.has(withoutLangDir(path)));
  }
}

function checkModuleLinks(ctx: LoadContext, m: Module, exists: (path: string) => boolean): void {
  for (const link of markdownLinks(m.body, m.bodyLine)) {
    if (!isRelativeLink(link.target)) continue;
    const path = posix.normalize(
      posix.join(posix.dirname(m.file), link.target.split('#')[0] ?? ''),
    );
    if (!exists(path))
      report(ctx, m.file, link.line, `link "${link.target}" does not lead to a module file`);
  }
}

function withoutLangDir(path: string): string {
  return path.split('/').slice(1).join('/');
}

/** Module bodies are compiled into pages: they may hold Markdown only (see unsafeMarkup). */
export function checkMarkup(ctx: LoadContext, modules: Module[]): void {
  for (const m of modules)
    for (const p of unsafeMarkup(m.body, m.bodyLine)) report(ctx, m.file, p.line, p.message);
}
