import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import { exitOnFatalErrors } from '../src/fatal.js';
import { createLogger } from '../src/log.js';

test('GIVEN an unhandled rejection or an uncaught exception THEN it is logged at fatal with its cause and the process exits 1', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(JSON.parse(l)) });
  const source = new EventEmitter();
  const exits: number[] = [];
  exitOnFatalErrors(source, logger, (code) => exits.push(code));
  source.emit('unhandledRejection', new Error('lost promise'));
  source.emit('uncaughtException', new Error('thrown in a timer'));
  expect(exits).toEqual([1, 1]);
  expect(lines.map((l) => [l.level, l.msg, (l.err as { message?: string }).message])).toEqual([
    [60, 'unhandled promise rejection; exiting so the supervisor restarts the bot', 'lost promise'],
    [60, 'uncaught exception; exiting so the supervisor restarts the bot', 'thrown in a timer'],
  ]);
});
