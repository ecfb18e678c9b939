// Jest (before Node 24.9) cannot require() an ES module, and light-my-request (the in-process API transport,
// bootstrap.ts) requires cookie@2, which is ESM only; Node itself loads it. For the integration tests only,
// `cookie` is this CommonJS module: cookie 0.7 (what express, cookie-parser and express-session use) plus the
// one function light-my-request takes from cookie 2, made from 0.7's serialize.
const path = require('node:path');
const cookie = require(
  path.join(__dirname, '../../../node_modules/.pnpm/cookie@0.7.2/node_modules/cookie/index.js'),
);
module.exports = {
  ...cookie,
  stringifySetCookie: ({ name, value, ...options }) => cookie.serialize(name, value, options),
};
