import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/** An option as Discord would send it in an interaction. */
export interface SentOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: SentOption[];
}

export type ParsedLine = { ok: true; command: string; options: SentOption[] } | { ok: false; error: string };

/** Splits a console line into words, keeping "quoted text" (and name:"quoted text") together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const re = /(\S+?:)?"((?:[^"\\]|\\.)*)"?|\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[2] !== undefined) tokens.push(`${m[1] ?? ''}${m[2].replace(/\\(.)/g, '$1')}`);
    else tokens.push(m[0]);
  }
  return tokens;
}

/**
 * Parses `/search query:"texas biometric" type:law` against the command definitions, the way Discord's
 * client would build the interaction: option names and types checked, required options present, choices
 * respected. Bare words fill the first text option not given (`/law bipa` is `/law name:bipa`).
 */
export function parseLine(
  line: string,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  /** The id for a channel typed as `#policy` (see src/console/channels.ts); by default the name itself. */
  channelId: (typed: string) => string = (typed) => typed.replace(/^#/, ''),
): ParsedLine {
  const tokens = tokenize(line.trim());
  const first = tokens.shift();
  if (!first) return { ok: false, error: 'Type a command, e.g. /search query:"texas biometric", or /help.' };
  const name = first.replace(/^\//, '').toLowerCase();
  const definition = definitions.find((d) => d.name === name);
  if (!definition)
    return {
      ok: false,
      error: `No command /${name}. Commands: ${definitions.map((d) => `/${d.name}`).join(' ')}`,
    };
  let scope: readonly APIApplicationCommandOption[] = definition.options ?? [];
  const subcommands = scope.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  let subcommand: string | undefined;
  if (subcommands.length) {
    const word = tokens.shift()?.toLowerCase();
    const sub = subcommands.find((s) => s.name === word);
    if (!sub)
      return {
        ok: false,
        error: `/${name} needs one of: ${subcommands.map((s) => `/${name} ${s.name}`).join(', ')}`,
      };
    subcommand = sub.name;
    scope = ('options' in sub ? sub.options : undefined) ?? [];
  }
  const basic = scope as readonly APIApplicationCommandBasicOption[];
  const values = new Map<string, string>();
  const bare: string[] = [];
  // Words after a free-text option continue its value, as Discord's own box would take them:
  // `query:face recognition` is one query, not "face" and a stray "recognition".
  let continuing: string | undefined;
  for (const token of tokens) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const option = key ? basic.find((o) => o.name === key) : undefined;
    if (option) {
      values.set(key, token.slice(colon + 1));
      continuing = isFreeText(option) ? key : undefined;
    } else if (key && /^[a-z_-]+$/.test(key) && colon === token.length - 1)
      return { ok: false, error: `/${name} has no option "${key}". Options: ${describeOptions(basic)}` };
    else if (continuing) values.set(continuing, `${values.get(continuing)} ${token}`);
    else bare.push(token);
  }
  if (bare.length) {
    const target = basic.find((o) => o.type === ApplicationCommandOptionType.String && !values.has(o.name));
    if (!target)
      return {
        ok: false,
        error: `Not sure what "${bare.join(' ')}" is for. Options: ${describeOptions(basic)}`,
      };
    values.set(target.name, bare.join(' '));
  }
  const options: SentOption[] = [];
  for (const o of basic) {
    const raw = values.get(o.name);
    if (raw === undefined) {
      if (o.required) return { ok: false, error: `/${name} needs ${o.name}: ${o.description}` };
      continue;
    }
    const value = o.type === ApplicationCommandOptionType.Channel ? channelId(raw) : convert(o, raw);
    if (typeof value === 'object') return { ok: false, error: value.error };
    options.push({ name: o.name, type: o.type, value });
  }
  return {
    ok: true,
    command: name,
    options: subcommand
      ? [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options }]
      : options,
  };
}

function convert(
  o: APIApplicationCommandBasicOption,
  raw: string,
): string | number | boolean | { error: string } {
  const choices = 'choices' in o && o.choices ? o.choices : undefined;
  if (choices?.length) {
    const hit = choices.find((c) => String(c.value) === raw || c.name.toLowerCase() === raw.toLowerCase());
    if (!hit) return { error: `${o.name} must be one of: ${choices.map((c) => c.value).join(', ')}` };
    return hit.value;
  }
  switch (o.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n = Number(raw);
      if (!Number.isFinite(n) || (o.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n)))
        return { error: `${o.name} must be a number, got "${raw}"` };
      return n;
    }
    case ApplicationCommandOptionType.Boolean:
      if (/^(true|yes|1)$/i.test(raw)) return true;
      if (/^(false|no|0)$/i.test(raw)) return false;
      return { error: `${o.name} must be true or false, got "${raw}"` };
    default:
      return raw;
  }
}

function describeOptions(options: readonly APIApplicationCommandBasicOption[]): string {
  return options.length ? options.map((o) => (o.required ? o.name : `[${o.name}]`)).join(' ') : '(none)';
}

/** Where the cursor is, for tab completion: a command name, an option name, or an option's value. */
export type CompletionTarget =
  | { kind: 'command'; prefix: string }
  | { kind: 'subcommand'; command: string; prefix: string }
  | { kind: 'option'; command: string; subcommand?: string; prefix: string; given: string[] }
  | {
      kind: 'value';
      command: string;
      subcommand?: string;
      option: string;
      prefix: string;
      given: Record<string, string>;
    };

export function completionTarget(
  line: string,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): CompletionTarget | undefined {
  const trailingSpace = /\s$/.test(line);
  const tokens = tokenize(line);
  if (tokens.length === 0) return { kind: 'command', prefix: '' };
  if (tokens.length === 1 && !trailingSpace)
    return { kind: 'command', prefix: tokens[0]?.replace(/^\//, '') ?? '' };
  const command = tokens[0]?.replace(/^\//, '').toLowerCase() ?? '';
  const definition = definitions.find((d) => d.name === command);
  if (!definition) return undefined;
  const rest = tokens.slice(1);
  const current = trailingSpace ? '' : (rest.pop() ?? '');
  const hasSubs = (definition.options ?? []).some((o) => o.type === ApplicationCommandOptionType.Subcommand);
  let subcommand: string | undefined;
  if (hasSubs) {
    if (rest.length === 0) return { kind: 'subcommand', command, prefix: current };
    subcommand = rest.shift();
  }
  const given: Record<string, string> = {};
  for (const t of rest) {
    const i = t.indexOf(':');
    if (i > 0) given[t.slice(0, i)] = t.slice(i + 1);
  }
  const colon = current.indexOf(':');
  if (colon > 0) {
    return {
      kind: 'value',
      command,
      ...(subcommand ? { subcommand } : {}),
      option: current.slice(0, colon),
      prefix: current.slice(colon + 1).replace(/^"/, ''),
      given,
    };
  }
  return {
    kind: 'option',
    command,
    ...(subcommand ? { subcommand } : {}),
    prefix: current,
    given: Object.keys(given),
  };
}

/** A string option typed freely (no fixed choices), whose value may run over several words. */
function isFreeText(option: APIApplicationCommandBasicOption): boolean {
  return (
    option.type === ApplicationCommandOptionType.String && !('choices' in option && option.choices?.length)
  );
}
