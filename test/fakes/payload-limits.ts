/**
 * Checks an outgoing Discord payload against the documented limits (Discord API v10; see
 * ARCHITECTURE.md "Platform facts") and for mentions being disabled. Returns every violation as a
 * readable line; an empty list means the payload is fine. Used by the fake Discord on every request.
 */

export type PayloadKind = 'message' | 'autocomplete' | 'commands';

const L = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
  rows: 5,
  perRow: 5,
  customId: 100,
  label: 80,
  url: 512,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function checkLength(out: string[], where: string, value: unknown, max: number, required = false) {
  if (value === undefined || value === null) {
    if (required) out.push(`${where}: required`);
    return;
  }
  if (typeof value !== 'string') {
    out.push(`${where}: expected a string`);
    return;
  }
  if (required && value.length === 0) out.push(`${where}: must not be empty`);
  if (value.length > max) out.push(`${where}: ${value.length} chars > ${max}`);
}

export function checkMessage(body: unknown, where = 'message'): string[] {
  const out: string[] = [];
  if (!isObj(body)) return [`${where}: body is not an object`];
  checkLength(out, `${where}.content`, body.content, L.content);
  const am = body.allowed_mentions;
  if (!isObj(am)) out.push(`${where}.allowed_mentions: missing (mentions would ping)`);
  else {
    if (!Array.isArray(am.parse) || am.parse.length > 0)
      out.push(`${where}.allowed_mentions.parse: expected [], got ${JSON.stringify(am.parse)}`);
    for (const k of ['users', 'roles'] as const)
      if (Array.isArray(am[k]) && (am[k] as unknown[]).length > 0)
        out.push(`${where}.allowed_mentions.${k}: not empty`);
    if (am.replied_user === true) out.push(`${where}.allowed_mentions.replied_user: true`);
  }
  const embeds = body.embeds;
  if (embeds !== undefined) {
    if (!Array.isArray(embeds)) out.push(`${where}.embeds: not an array`);
    else {
      if (embeds.length > L.embeds) out.push(`${where}.embeds: ${embeds.length} > ${L.embeds}`);
      let total = 0;
      for (const [i, e] of embeds.entries()) {
        const w = `${where}.embeds[${i}]`;
        if (!isObj(e)) {
          out.push(`${w}: not an object`);
          continue;
        }
        checkLength(out, `${w}.title`, e.title, L.title);
        checkLength(out, `${w}.description`, e.description, L.description);
        if (e.url !== undefined) {
          checkLength(out, `${w}.url`, e.url, L.url);
          if (!/^https?:\/\//.test(str(e.url))) out.push(`${w}.url: not http(s)`);
        }
        total += str(e.title).length + str(e.description).length;
        if (isObj(e.footer)) {
          checkLength(out, `${w}.footer.text`, e.footer.text, L.footer, true);
          total += str(e.footer.text).length;
        }
        if (isObj(e.author)) {
          checkLength(out, `${w}.author.name`, e.author.name, L.author, true);
          total += str(e.author.name).length;
        }
        if (e.color !== undefined && (typeof e.color !== 'number' || e.color < 0 || e.color > 0xffffff))
          out.push(`${w}.color: not a 24-bit colour`);
        if (e.fields !== undefined) {
          if (!Array.isArray(e.fields)) {
            out.push(`${w}.fields: not an array`);
            continue;
          }
          if (e.fields.length > L.fields) out.push(`${w}.fields: ${e.fields.length} > ${L.fields}`);
          for (const [j, f] of (e.fields as unknown[]).entries()) {
            if (!isObj(f)) {
              out.push(`${w}.fields[${j}]: not an object`);
              continue;
            }
            checkLength(out, `${w}.fields[${j}].name`, f.name, L.fieldName, true);
            checkLength(out, `${w}.fields[${j}].value`, f.value, L.fieldValue, true);
            total += str(f.name).length + str(f.value).length;
          }
        }
      }
      if (total > L.total) out.push(`${where}.embeds: ${total} chars of embed text > ${L.total}`);
    }
  }
  const rows = body.components;
  if (rows !== undefined) {
    if (!Array.isArray(rows)) out.push(`${where}.components: not an array`);
    else {
      if (rows.length > L.rows) out.push(`${where}.components: ${rows.length} rows > ${L.rows}`);
      const ids = new Set<string>();
      for (const [i, r] of rows.entries()) {
        const w = `${where}.components[${i}]`;
        if (!isObj(r) || r.type !== 1 || !Array.isArray(r.components)) {
          out.push(`${w}: not an action row`);
          continue;
        }
        if (r.components.length === 0) out.push(`${w}: empty row`);
        if (r.components.length > L.perRow) out.push(`${w}: ${r.components.length} buttons > ${L.perRow}`);
        for (const [j, b] of (r.components as unknown[]).entries()) {
          const wb = `${w}.components[${j}]`;
          if (!isObj(b) || b.type !== 2) {
            out.push(`${wb}: not a button`);
            continue;
          }
          checkLength(out, `${wb}.label`, b.label, L.label);
          if (b.style === 5) {
            if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))
              out.push(`${wb}.url: link button needs an http(s) url`);
            else checkLength(out, `${wb}.url`, b.url, L.url);
            if (b.custom_id !== undefined) out.push(`${wb}: link button must not have a custom_id`);
          } else {
            checkLength(out, `${wb}.custom_id`, b.custom_id, L.customId, true);
            const id = str(b.custom_id);
            if (ids.has(id)) out.push(`${wb}.custom_id: duplicate "${id}"`);
            ids.add(id);
          }
        }
      }
    }
  }
  return out;
}

export function checkChoices(body: unknown, where = 'autocomplete'): string[] {
  const out: string[] = [];
  if (!isObj(body) || !Array.isArray(body.choices)) return [`${where}: expected { choices: [] }`];
  if (body.choices.length > L.choices) out.push(`${where}.choices: ${body.choices.length} > ${L.choices}`);
  for (const [i, c] of (body.choices as unknown[]).entries()) {
    if (!isObj(c)) {
      out.push(`${where}.choices[${i}]: not an object`);
      continue;
    }
    checkLength(out, `${where}.choices[${i}].name`, c.name, L.choiceName, true);
    if (typeof c.value === 'string')
      checkLength(out, `${where}.choices[${i}].value`, c.value, L.choiceValue, true);
  }
  return out;
}

/** Application command definitions (bulk overwrite): names, descriptions, option limits. */
export function checkCommands(body: unknown, where = 'commands'): string[] {
  const out: string[] = [];
  if (!Array.isArray(body)) return [`${where}: expected an array`];
  if (body.length > 100) out.push(`${where}: ${body.length} > 100 commands`);
  const names = new Set<string>();
  const checkOptions = (options: unknown, w: string) => {
    if (options === undefined) return;
    if (!Array.isArray(options) || options.length > 25) {
      out.push(`${w}: at most 25 options`);
      return;
    }
    for (const [i, o] of (options as unknown[]).entries()) {
      if (!isObj(o)) continue;
      const wo = `${w}[${i}]`;
      if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(str(o.name)))
        out.push(`${wo}.name: "${str(o.name)}" is not a valid name`);
      checkLength(out, `${wo}.description`, o.description, 100, true);
      if (Array.isArray(o.choices) && o.choices.length > 25) out.push(`${wo}.choices: > 25`);
      if (o.autocomplete && Array.isArray(o.choices) && o.choices.length)
        out.push(`${wo}: autocomplete with choices`);
      checkOptions(o.options, `${wo}.options`);
    }
  };
  for (const [i, c] of (body as unknown[]).entries()) {
    const w = `${where}[${i}]`;
    if (!isObj(c)) {
      out.push(`${w}: not an object`);
      continue;
    }
    const name = str(c.name);
    const kind = c.type ?? 1;
    // Context-menu commands (2 user, 3 message) have display names (1-32 chars, spaces and capitals
    // allowed), an empty description and no options; names are unique per kind.
    if (kind === 2 || kind === 3) {
      if (name.length < 1 || name.length > 32) out.push(`${w}.name: "${name}" must be 1-32 characters`);
      if (c.description !== undefined && c.description !== '')
        out.push(`${w}.description: must be empty for a context-menu command`);
      if (c.options !== undefined) out.push(`${w}.options: not allowed on a context-menu command`);
    } else {
      if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name)) out.push(`${w}.name: "${name}" is not a valid name`);
      checkLength(out, `${w}.description`, c.description, 100, true);
      checkOptions(c.options, `${w}.options`);
    }
    const unique = `${String(kind)}:${name}`;
    if (names.has(unique)) out.push(`${w}.name: duplicate "${name}"`);
    names.add(unique);
  }
  return out;
}

/**
 * A modal (interaction callback type 9), Discord API v10: title ≤ 45, custom_id ≤ 100, 1-5 top-level
 * components, each a Label (type 18) holding a text input (4) or a string select (3), or a legacy action
 * row with one text input. Text inputs: label ≤ 45, placeholder ≤ 100, min/max length 0-4000, value ≤ 4000.
 */
export function checkModal(body: unknown, where = 'modal'): string[] {
  const out: string[] = [];
  if (!isObj(body)) return [`${where}: body is not an object`];
  checkLength(out, `${where}.title`, body.title, 45, true);
  checkLength(out, `${where}.custom_id`, body.custom_id, L.customId, true);
  const rows = body.components;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > 5) {
    out.push(`${where}.components: expected 1-5 components`);
    return out;
  }
  const ids = new Set<string>();
  for (const [i, r] of (rows as unknown[]).entries()) {
    const w = `${where}.components[${i}]`;
    if (!isObj(r)) {
      out.push(`${w}: not an object`);
      continue;
    }
    let inner: unknown;
    if (r.type === 18) {
      checkLength(out, `${w}.label`, r.label, 45, true);
      checkLength(out, `${w}.description`, r.description, 100);
      inner = r.component;
    } else if (r.type === 1 && Array.isArray(r.components) && r.components.length === 1) {
      inner = r.components[0];
      if (isObj(inner)) checkLength(out, `${w}.components[0].label`, inner.label, 45, true);
    } else {
      out.push(`${w}: expected a label (18) or an action row with one text input`);
      continue;
    }
    if (!isObj(inner)) {
      out.push(`${w}: no component`);
      continue;
    }
    const id = str(inner.custom_id);
    checkLength(out, `${w}.custom_id`, inner.custom_id, L.customId, true);
    if (ids.has(id)) out.push(`${w}.custom_id: duplicate "${id}"`);
    ids.add(id);
    if (inner.type === 4) {
      if (inner.style !== 1 && inner.style !== 2) out.push(`${w}.style: expected 1 (short) or 2 (paragraph)`);
      checkLength(out, `${w}.placeholder`, inner.placeholder, 100);
      checkLength(out, `${w}.value`, inner.value, 4000);
      for (const k of ['min_length', 'max_length'] as const) {
        const v = inner[k];
        if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 4000)) out.push(`${w}.${k}: 0-4000`);
      }
    } else if (inner.type === 3) {
      const options = inner.options;
      if (!Array.isArray(options) || options.length < 1 || options.length > 25)
        out.push(`${w}.options: expected 1-25 options`);
    } else {
      out.push(`${w}: type ${String(inner.type)} is not allowed in a modal here`);
    }
  }
  return out;
}
