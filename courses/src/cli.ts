#!/usr/bin/env node
// `pnpm courses:check [root]`: prints every content problem as `file:line: message`, with the file
// relative to the current directory, and exits 1 when there is any.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from './check-command.js';

/** The package folder is also the content root: dist/cli.js → .. */
const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

process.exitCode = runCheck(process.argv[2] ?? PACKAGE_DIR, process.cwd(), (line) =>
  console.log(line),
);
