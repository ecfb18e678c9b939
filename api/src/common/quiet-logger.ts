import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up chatter (every module and route) would bury the lines a person starting Kindred needs. */
const CHATTER = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

export class QuietLogger extends ConsoleLogger {
  log(message: unknown, context?: string): void {
    if (context && CHATTER.has(context)) return;
    super.log(message, context);
  }
}
