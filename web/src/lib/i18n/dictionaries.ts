import { registerDictionary } from './index';
import { en } from './en';
import { es } from './es';

// Both whole dictionaries, for the server (the hooks import this module) and for tests. The browser's bundle
// never imports it: a page carries its own messages and the browser loads its language's file when needed.
registerDictionary('en', en);
registerDictionary('es', es);
