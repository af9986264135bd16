/**
 * The syntax of our interface messages, as MediaWiki and translatewiki.net write it, and nothing
 * more: `$1`, `$2`… for parameters, `{{PLURAL:count|form|form…}}` (with explicit forms such as
 * `0=none`) and `{{GENDER:gender|male|female|other}}`. The i18n test refuses any other syntax in the
 * files (links, HTML, other templates), so the browser need not carry a general wikitext parser:
 * this one is a fraction of its weight, and the test checks it answers as banana-i18n does for every
 * message of every language.
 */

export type MessageParameter = string | number;

type Part = string | Parameter | Template;
interface Parameter {
  readonly parameter: number;
}
interface Template {
  readonly template: 'plural' | 'gender';
  readonly argument: readonly Part[];
  readonly forms: readonly (readonly Part[])[];
}

const TEMPLATE_START = /^\{\{(PLURAL|GENDER):/i;
const PARAMETER = /^\$(\d+)/;
/** An explicit plural form: `0=no messages` is used for exactly 0, whatever the language's rules. */
const EXPLICIT_FORM = /^(\d+)=/;
/** CLDR's plural categories in the order translators write the forms. */
const CATEGORY_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * Reads parts from `start` up to the end, or inside a template up to its next `|` or `}}`. Text that
 * looks like a template but never closes stays literal text.
 */
function readParts(text: string, start: number, insideTemplate: boolean): [Part[], number] {
  const parts: Part[] = [];
  let literal = '';
  let position = start;
  const flush = () => {
    if (literal) parts.push(literal);
    literal = '';
  };
  while (position < text.length) {
    if (insideTemplate && (text[position] === '|' || text.startsWith('}}', position))) break;
    const template = text.startsWith('{{', position) ? readTemplate(text, position) : undefined;
    if (template) {
      flush();
      parts.push(template[0]);
      position = template[1];
      continue;
    }
    const parameter = text[position] === '$' ? PARAMETER.exec(text.slice(position, position + 12)) : null;
    if (parameter) {
      flush();
      parts.push({ parameter: Number(parameter[1]) - 1 });
      position += parameter[0].length;
      continue;
    }
    literal += text[position];
    position += 1;
  }
  flush();
  return [parts, position];
}

function readTemplate(text: string, start: number): [Template, number] | undefined {
  const opening = TEMPLATE_START.exec(text.slice(start, start + 10));
  if (!opening) return undefined;
  const segments: Part[][] = [];
  let position = start + opening[0].length;
  for (;;) {
    const [parts, end] = readParts(text, position, true);
    segments.push(parts);
    if (text.startsWith('}}', end)) {
      const template = opening[1]!.toLowerCase() as Template['template'];
      return [{ template, argument: segments[0]!, forms: segments.slice(1) }, end + 2];
    }
    if (text[end] !== '|') return undefined;
    position = end + 1;
  }
}

/** Parsed messages, by their text: each message is parsed once. */
const parsed = new Map<string, readonly Part[]>();

function partsOf(message: string): readonly Part[] {
  let parts = parsed.get(message);
  if (!parts) {
    parts = readParts(message, 0, false)[0];
    parsed.set(message, parts);
  }
  return parts;
}

const pluralRules = new Map<string, { rules: Intl.PluralRules; categories: Intl.LDMLPluralRule[] }>();

/** Which of the forms a translator wrote for `language` applies to `count`. */
function pluralIndex(count: number, language: string): number {
  let entry = pluralRules.get(language);
  if (!entry) {
    const rules = new Intl.PluralRules(language);
    const present = rules.resolvedOptions().pluralCategories;
    entry = { rules, categories: CATEGORY_ORDER.filter((category) => present.includes(category)) };
    pluralRules.set(language, entry);
  }
  return entry.categories.indexOf(entry.rules.select(count));
}

const DECIMAL_DIGIT = /\p{Nd}/u;
const isDigit = (codePoint: number) => DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));

/**
 * A count given as text may be written in any script's digits (٣, ۳, ३). Unicode encodes every
 * script's decimal digits as runs of ten, 0 to 9, some runs right after others: a digit's value is
 * how many digits precede it in its run of runs, modulo ten.
 */
function countOf(value: MessageParameter): number {
  if (typeof value === 'number') return value;
  const western = value.replace(/\p{Nd}/gu, (digit) => {
    const codePoint = digit.codePointAt(0)!;
    let preceding = 0;
    while (preceding < 100 && isDigit(codePoint - preceding - 1)) preceding += 1;
    return String(preceding % 10);
  });
  return Number.parseFloat(western);
}

function plural(count: number, forms: readonly string[], language: string): string {
  const general: string[] = [];
  for (const form of forms) {
    const explicit = EXPLICIT_FORM.exec(form);
    if (!explicit) general.push(form);
    else if (Number(explicit[1]) === count) return form.slice(explicit[0].length);
  }
  if (general.length === 0) return '';
  return general[Math.min(pluralIndex(count, language), general.length - 1)]!;
}

function gender(value: string, forms: readonly string[]): string {
  if (forms.length === 0) return '';
  if (value === 'male') return forms[0]!;
  if (value === 'female') return forms[1] ?? forms[0]!;
  return forms.length === 3 ? forms[2]! : forms[0]!;
}

/** One part, kept a number when it is a parameter given as one (a count keeps its exact value). */
function valueOf(parts: readonly Part[], parameters: readonly MessageParameter[], language: string) {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only === 'object' && 'parameter' in only) {
    const value = parameters[only.parameter];
    if (value !== undefined) return value;
  }
  return render(parts, parameters, language);
}

function render(parts: readonly Part[], parameters: readonly MessageParameter[], language: string): string {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else if ('parameter' in part) text += String(parameters[part.parameter] ?? `$${part.parameter + 1}`);
    else {
      const forms = part.forms.map((form) => render(form, parameters, language));
      const argument = valueOf(part.argument, parameters, language);
      text += part.template === 'plural' ? plural(countOf(argument), forms, language) : gender(String(argument), forms);
    }
  }
  return text;
}

/** The message with its parameters in place, and the forms `language` needs chosen. */
export function formatMessage(message: string, parameters: readonly MessageParameter[], language: string): string {
  if (!message.includes('$') && !message.includes('{{')) return message;
  return render(partsOf(message), parameters, language);
}

/** Whether a message uses only the syntax above (checked on every message file by the i18n test). */
export function usesOnlyKnownSyntax(message: string): boolean {
  const withoutTemplates = message.replace(/\{\{(PLURAL|GENDER):/gi, '').replaceAll('}}', '');
  return !/[{}<>[\]\\]/.test(withoutTemplates);
}
