// A node:test reporter that writes `{"passed": N, "failed": N}` (tests, not suites) for scripts/test.mjs to add up.
export default async function* jsonReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield JSON.stringify({ passed, failed }) + '\n';
}
