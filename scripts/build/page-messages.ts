import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, PluginOption, Rollup } from 'vite';

type PluginContext = Rollup.PluginContext;

/**
 * Each page's interface messages, in the language of the reader, come with the page: the shell's
 * messages load at start, a page's own when the router opens it. Which messages a page uses is read
 * from the code that page loads (the message keys are string literals, `cxc-...`; a literal ending
 * in `-` before a `${...}` stands for every key it begins). Outside a production build (the dev
 * server, component tests) every module gets the whole language.
 *
 * - `virtual:interface-messages/shell` exports `{ [language]: () => import(messages) }` for the shell.
 * - Every page module (see `isPage`) gets, appended, a call registering its own loaders in the same
 *   shape with `registerPageMessages` of src/web/i18n/i18n.ts.
 */

const SHELL_ID = 'virtual:interface-messages/shell';
const RESOLVED_PREFIX = '\0interface-messages:';
const SHELL = 'shell';

/** A short, readable name for a page module: `home-HomePage` for .../features/home/HomePage.vue. */
function shortNameOf(owner: string): string {
  if (owner === SHELL) return SHELL;
  const parts = owner.replace(/\.(vue|ts)$/, '').split('/');
  return parts.slice(-2).join('-');
}

const KEY_TOKEN = /cxc-[A-Za-z0-9_-]+/g;

export interface PageMessagesOptions {
  /** The directory of `<language>.json` message files (`qqq.json` is documentation, left out). */
  readonly messagesDirectory: string;
  /** The web app's entry module (its static imports are the shell). */
  readonly entry: string;
  /** Whether a module is a page: something loaded on its own, after the shell. */
  readonly isPage: (id: string) => boolean;
  /** The module that exports `registerPageMessages`. */
  readonly registry: string;
  /**
   * The modules declaring the closed lists of values (src/shared/vocabulary.ts, item-vocabulary.ts),
   * each list with the messages labelling its values. A module that imports some lists gets their
   * labels, not every list's: otherwise any page touching one list would carry the labels of all of them.
   */
  readonly vocabularies?: readonly string[];
}

type Messages = Readonly<Record<string, string>>;

function readLanguages(directory: string): Map<string, Messages> {
  const languages = new Map<string, Messages>();
  for (const file of readdirSync(directory).sort()) {
    if (!file.endsWith('.json') || file === 'qqq.json') continue;
    const { '@metadata': _metadata, ...messages } = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Record<
      string,
      unknown
    >;
    languages.set(file.slice(0, -'.json'.length), messages as Messages);
  }
  return languages;
}

/** The message keys a piece of code names: whole keys, and every key a prefix literal begins. */
export function keysNamedIn(code: string, allKeys: readonly string[]): Set<string> {
  const named = new Set<string>();
  const known = new Set(allKeys);
  for (const [token] of code.matchAll(KEY_TOKEN)) {
    if (known.has(token)) named.add(token);
    else if (token.endsWith('-')) for (const key of allKeys) if (key.startsWith(token)) named.add(key);
  }
  return named;
}

/** The message keys each `export const NAME = ...` of a module names, by NAME. */
export function keysByExport(code: string, allKeys: readonly string[]): Map<string, Set<string>> {
  const byExport = new Map<string, Set<string>>();
  const declarations = [...code.matchAll(/^export const ([A-Za-z_$][\w$]*)/gm)];
  declarations.forEach((declaration, index) => {
    const end = declarations[index + 1]?.index ?? code.length;
    byExport.set(declaration[1]!, keysNamedIn(code.slice(declaration.index, end), allKeys));
  });
  return byExport;
}

const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;

/**
 * The names a module imports from the module `specifierEnd` names (`shared/vocabulary`), or
 * `undefined` when it imports it in another shape (a namespace, a re-export): then all of them.
 * With the importer's path, relative specifiers are read from where it is (item-vocabulary.ts,
 * beside vocabulary.ts, imports `./vocabulary`).
 */
export function namesImportedFrom(code: string, specifierEnd: string, importer?: string): string[] | undefined {
  const names: string[] = [];
  let found = false;
  for (const [, specifiers, source] of code.matchAll(NAMED_IMPORT)) {
    const path = importer !== undefined && source!.startsWith('.') ? resolve(dirname(importer), source!) : source!;
    if (!path.replace(/\.ts$/, '').endsWith(specifierEnd)) continue;
    found = true;
    for (const specifier of specifiers!.split(',')) {
      const name = specifier.trim().split(/\s+as\s+/)[0]!;
      if (name !== '' && !name.startsWith('type ')) names.push(name);
    }
  }
  return found ? names : undefined;
}

export function pageMessages(options: PageMessagesOptions): PluginOption {
  let languages = readLanguages(options.messagesDirectory);
  let englishKeys = Object.keys(languages.get('en') ?? {});
  const vocabularies = options.vocabularies ?? [];
  /** The closed lists' label keys, by module and list (see `vocabularies`). */
  let vocabularyKeys = new Map<string, Map<string, Set<string>>>();
  const vocabularyName = (module: string) => module.replace(/\.ts$/, '').split('/').slice(-2).join('/');
  let building = false;

  /** Which page (or the shell) and language each subset module holds; its id names its chunk. */
  const subsets = new Map<string, { language: string; owner: string }>();
  const owners = new Map<string, string>();
  const subsetId = (language: string, owner: string) => {
    const id = `${RESOLVED_PREFIX}messages__${language}__${shortNameOf(owner)}.js`;
    const earlier = subsets.get(id);
    if (earlier && earlier.owner !== owner) throw new Error(`Two pages named alike: ${earlier.owner} and ${owner}`);
    subsets.set(id, { language, owner });
    return id;
  };
  const loadersId = (owner: string) => {
    const id = `${RESOLVED_PREFIX}loaders-${shortNameOf(owner)}.js`;
    const earlier = owners.get(id);
    if (earlier !== undefined && earlier !== owner) throw new Error(`Two pages named alike: ${earlier} and ${owner}`);
    owners.set(id, owner);
    return id;
  };
  const loaderTable = (owner: string) =>
    `export default {\n${[...languages.keys()]
      .map((language) => `  ${JSON.stringify(language)}: () => import(${JSON.stringify(subsetId(language, owner))}),`)
      .join('\n')}\n};\n`;

  const plugin: Plugin = {
    name: 'page-messages',
    configResolved(config) {
      building = config.command === 'build';
    },
    buildStart() {
      keysByOwner.clear();
      languages = readLanguages(options.messagesDirectory);
      englishKeys = Object.keys(languages.get('en') ?? {});
      // Read once per build, not once per page.
      vocabularyKeys = new Map(
        vocabularies.map((module) => [module, keysByExport(readFileSync(module, 'utf8'), englishKeys)]),
      );
      for (const file of readdirSync(options.messagesDirectory))
        if (file.endsWith('.json')) this.addWatchFile(join(options.messagesDirectory, file));
    },
    configureServer(server) {
      // `npm run dev`: an edited message file shows at once, as it did when the app imported the files.
      server.watcher.add(options.messagesDirectory);
      server.watcher.on('change', (file) => {
        if (!file.startsWith(options.messagesDirectory) || !file.endsWith('.json')) return;
        languages = readLanguages(options.messagesDirectory);
        englishKeys = Object.keys(languages.get('en') ?? {});
        for (const module of server.moduleGraph.idToModuleMap.values())
          if (module.id?.startsWith(RESOLVED_PREFIX)) server.moduleGraph.invalidateModule(module);
        server.ws.send({ type: 'full-reload' });
      });
    },
    resolveId(source) {
      if (source === SHELL_ID) return loadersId(SHELL);
      return source.startsWith(RESOLVED_PREFIX) ? source : null;
    },
    async load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return null;
      const loadersOf = owners.get(id);
      if (loadersOf !== undefined) return loaderTable(loadersOf);
      const subset = subsets.get(id);
      if (!subset) throw new Error(`Unknown interface-messages module ${id}`);
      const { language, owner } = subset;
      const messages = languages.get(language);
      if (!messages) throw new Error(`No messages for ${language}`);
      if (!building) return `export default ${JSON.stringify(messages)};\n`;
      const shellKeys = await keysOf(this, options.entry);
      const keys = owner === SHELL ? shellKeys : await keysOf(this, owner);
      const chosen: Record<string, string> = {};
      for (const key of keys) {
        if (owner !== SHELL && shellKeys.has(key)) continue;
        const message = messages[key];
        if (message !== undefined) chosen[key] = message;
      }
      return `export default ${JSON.stringify(chosen)};\n`;
    },
    transform(code, id) {
      if (!options.isPage(id)) return null;
      const registration =
        `\nimport __pageMessages from ${JSON.stringify(loadersId(id))};\n` +
        `import { registerPageMessages as __registerPageMessages } from ${JSON.stringify(options.registry)};\n` +
        `__registerPageMessages(__pageMessages);\n`;
      return { code: code + registration, map: null };
    },
  };

  /** Each owner's keys, found once per build (every language's subset asks). */
  const keysByOwner = new Map<string, Promise<Set<string>>>();
  function keysOf(context: Pick<PluginContext, 'load'>, start: string): Promise<Set<string>> {
    let keys = keysByOwner.get(start);
    if (!keys) {
      keys = keysOfClosure(context, start);
      keysByOwner.set(start, keys);
    }
    return keys;
  }

  /**
   * Keys named by a module and everything it imports, read from the transformed code, lazy imports
   * included (a dialog opened later needs its words then), except other pages (they bring their own).
   */
  async function keysOfClosure(context: Pick<PluginContext, 'load'>, start: string): Promise<Set<string>> {
    const keys = new Set<string>();
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id) || id.startsWith(RESOLVED_PREFIX) || id.includes('/node_modules/')) continue;
      seen.add(id);
      const info = await context.load({ id });
      const code = info.code ?? '';
      // The lists' own module names every label; its importers say which lists they use.
      if (!vocabularies.includes(id)) for (const key of keysNamedIn(code, englishKeys)) keys.add(key);
      for (const module of vocabularies.filter((candidate) => info.importedIds.includes(candidate))) {
        const lists = vocabularyKeys.get(module)!;
        const names = namesImportedFrom(code, vocabularyName(module), id) ?? [...lists.keys()];
        for (const name of names) for (const key of lists.get(name) ?? []) keys.add(key);
      }
      queue.push(...info.importedIds);
      queue.push(...info.dynamicallyImportedIds.filter((lazy) => !options.isPage(lazy)));
    }
    return keys;
  }

  return plugin;
}
