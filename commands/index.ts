import about from './about.js';
import ask from './ask.js';
import bill from './bill.js';
import digest from './digest.js';
import help from './help.js';
import kb from './kb.js';
import law from './law.js';
import letter from './letter.js';
import map from './map.js';
import search from './search.js';
import source from './source.js';
import statement from './statement.js';
import suggest from './suggest.js';
import suggestMessage from './suggest-message.js';
import timeline from './timeline.js';
import type { Command, MessageCommand } from './types.js';

/** Every slash command, explicitly. The router, the console and deploy-commands are all built from this list. */
export const commands: readonly Command[] = [
  search,
  law,
  letter,
  statement,
  timeline,
  map,
  source,
  help,
  about,
  kb,
  ask,
  digest,
  suggest,
  bill,
];

/** Message context-menu commands (Apps → …), registered and routed beside the slash commands. */
export const messageCommands: readonly MessageCommand[] = [suggestMessage];
