import { UserFacingError } from '../errors.js';
import type { Library } from './library.js';
import type { Doc, DocType } from './schema.js';

/**
 * The entry a member named (id, title or alias), or a UserFacingError listing the closest names:
 * "No law called "bipaa". Did you mean: Illinois Biometric Information Privacy Act (BIPA) (`illinois-bipa`)?"
 */
export function resolveOrSuggest(
  library: Library,
  name: string,
  type: DocType | readonly DocType[],
  kind: string,
): Doc {
  const doc = library.resolve(name, type);
  if (doc) return doc;
  throw new UserFacingError(unknownNameMessage(library, name, type, kind));
}

export function unknownNameMessage(
  library: Library,
  name: string,
  type: DocType | readonly DocType[] | undefined,
  kind: string,
): string {
  const shown = name
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[`*_~|>\\]/g, '');
  const suggestions = library.suggest(name, { ...(type ? { type } : {}), limit: 5 });
  if (suggestions.length === 0)
    return `No ${kind} called "${shown}". Try /search, or pick from the suggestions as you type.`;
  const list = suggestions.map((d) => `• ${d.title} (\`${d.id}\`)`).join('\n');
  return `No ${kind} called "${shown}". Did you mean:\n${list}`;
}

/** A facet value (organisation, signatory) matched loosely, or the closest values for "did you mean". */
export function closestValues(values: readonly string[], input: string, limit = 5): string[] {
  const q = input.toLowerCase().trim();
  if (!q) return values.slice(0, limit);
  const starts = values.filter((v) => v.toLowerCase().startsWith(q));
  const contains = values.filter((v) => !v.toLowerCase().startsWith(q) && v.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
