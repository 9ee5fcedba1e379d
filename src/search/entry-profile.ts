import type { Library } from '../kb/library.js';
import type { Doc } from '../kb/schema.js';
import { type TokenIndex, tokenIndex } from './coverage.js';
import { namesOf } from './passages.js';
import { type Actor, type Activity, frameOfText, frameWords, placeOfDoc } from './question-frame.js';
import { tokenize, tokenString } from './text.js';

/**
 * What an entry is about, as the query side matches it (the knowledge base's concept map): its names,
 * the questions members ask about it, its tags, where its rule applies, and which actors and activities
 * it concerns. Built once per index from the entries themselves.
 */
export interface EntryProfile {
  /** Title, aliases, place or organisation, and questions: matched with every passage of the entry. */
  about: string;
  /** Aliases and place or organisation: the index's `names` column. */
  names: string;
  /** The questions members ask about it: the index's `asked` column. */
  asked: string;
  /** Each question, tokenised: a member's question close to one of them is about this entry. */
  questions: TokenIndex[];
  place: string | undefined;
  /** A law in force or passed (not a bill, case or statement): what questions about the rules ask for. */
  law: boolean;
  /** The words of its title and aliases: a question naming one ("GDPR", "Six Flags") is about it. */
  nameWords: Set<string>;
  actors: Set<Actor>;
  activities: Set<Activity>;
}

export function entryProfiles(library: Library): EntryProfile[] {
  const byId = (id: string) => library.get(id);
  return library.docs.map((doc) => profileOf(doc, byId));
}

function profileOf(doc: Doc, byId: (id: string) => Doc | undefined): EntryProfile {
  const asked = doc.questions.join('; ');
  const { actors, activities } = frameOfText(
    `${doc.title} ${doc.aliases.join(' ')} ${asked} ${doc.tags.join(' ')}`,
  );
  return {
    about: `${doc.title} ${namesOf(doc)} ${asked}`,
    names: namesOf(doc),
    asked,
    questions: doc.questions.map(tokenIndex),
    place: placeOfDoc(doc, byId),
    law: doc.type === 'law',
    nameWords: new Set(tokenize(`${doc.title} ${doc.aliases.join(' ')}`)),
    actors,
    activities,
  };
}

/** The words members are expected to use about the base: every entry's names, questions and tags, and the synonyms'. */
export function domainWords(
  library: Library,
  profiles: readonly EntryProfile[],
  extra: Iterable<string>,
): Set<string> {
  const words = new Set<string>([...extra, ...frameWords()]);
  library.docs.forEach((doc, i) => {
    for (const t of tokenString(`${profiles[i]?.about ?? ''} ${doc.tags.join(' ')}`).split(' '))
      if (t) words.add(t);
  });
  return words;
}
