import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * The weight of each page's first load, computed from the files of a build (deterministic, not a
 * timing): the entry with everything it imports, the page's own chunk with its imports, the
 * interface messages of the reader's language, and, for a signed-in member, the header's bell.
 * JavaScript and CSS, gzipped as the server sends them.
 */

/** One entry of Vite's `.vite/manifest.json`. */
export interface ManifestChunk {
  readonly file: string;
  readonly name?: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}
export type Manifest = Readonly<Record<string, ManifestChunk>>;

export interface FirstLoadInputs {
  readonly manifest: Manifest;
  /** Manifest keys of the pages (one per route). */
  readonly pages: readonly string[];
  /** The interface languages: a page's messages in each are lazy imports the page makes at once. */
  readonly languages: readonly string[];
  /** Manifest keys of what a signed-in member's shell adds (the bell). */
  readonly signedInExtras: readonly string[];
  /** Gzipped size of a built file, by its path under the build directory. */
  readonly gzippedBytes: (file: string) => number;
}

export interface PageWeight {
  readonly page: string;
  readonly signedOutBytes: number;
  readonly signedInBytes: number;
  /** The language whose messages are heaviest (the figures are for it). */
  readonly heaviestLanguage: string;
  readonly files: readonly string[];
}

/**
 * A module imported both lazily and statically (the not-found page) becomes a shared chunk, listed
 * under its chunk's name rather than its source.
 */
function keyOf(manifest: Manifest, key: string): string {
  if (manifest[key]) return key;
  const name = key.replace(/^.*\//, '').replace(/\.vue$/, '');
  const shared = Object.entries(manifest).find(
    ([candidate, chunk]) => candidate.startsWith('_') && chunk.name === name,
  );
  return shared ? shared[0] : key;
}

/** A lazy import of one language's interface messages (see page-messages.ts). */
const messagesOf = (language: string) => (key: string) => key.includes(`interface-messages:messages__${language}__`);

/**
 * Every file loaded with `keys`: their chunks, the chunks they import statically, their CSS, and
 * the interface messages in `language` they fetch before showing anything.
 */
export function filesLoadedWith(manifest: Manifest, keys: readonly string[], language: string): Set<string> {
  const isMessages = messagesOf(language);
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The build has no chunk for ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
    for (const lazy of chunk.dynamicImports ?? []) if (isMessages(lazy)) visit(lazy);
  };
  for (const key of keys) visit(keyOf(manifest, key));
  return files;
}

const sum = (files: Iterable<string>, gzippedBytes: (file: string) => number) => {
  let total = 0;
  for (const file of files) total += gzippedBytes(file);
  return total;
};

export function firstLoadWeights(inputs: FirstLoadInputs): PageWeight[] {
  const { manifest, gzippedBytes } = inputs;
  const entries = Object.entries(manifest)
    .filter(([, chunk]) => chunk.isEntry)
    .map(([key]) => key);
  return inputs.pages.map((page) => {
    let heaviest: { language: string; signedOut: Set<string>; signedIn: Set<string> } | undefined;
    for (const language of inputs.languages) {
      const signedOut = filesLoadedWith(manifest, [...entries, page], language);
      const signedIn = filesLoadedWith(manifest, [...entries, page, ...inputs.signedInExtras], language);
      if (!heaviest || sum(signedIn, gzippedBytes) > sum(heaviest.signedIn, gzippedBytes))
        heaviest = { language, signedOut, signedIn };
    }
    if (!heaviest) throw new Error('No interface messages in the build');
    return {
      page,
      signedOutBytes: sum(heaviest.signedOut, gzippedBytes),
      signedInBytes: sum(heaviest.signedIn, gzippedBytes),
      heaviestLanguage: heaviest.language,
      files: [...heaviest.signedIn],
    };
  });
}

/** The pages of the router: each route's lazily imported component. */
export function pagesOfRouter(routerSource: string): string[] {
  const pages = [...routerSource.matchAll(/import\('\.\/([^']+\.vue)'\)/g)].map((match) => match[1]!);
  return [...new Set(pages)];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** A table of every page's weight, then each file's share, heaviest first. */
export function describeWeights(
  weights: readonly PageWeight[],
  gzippedBytes: (file: string) => number,
  budgetBytes: number,
  sourceOf: (file: string) => string | undefined = () => undefined,
): string {
  const lines = [`First load, JavaScript + CSS gzipped (budget ${kb(budgetBytes)} kB):`];
  for (const weight of [...weights].sort((a, b) => b.signedInBytes - a.signedInBytes))
    lines.push(
      `  ${kb(weight.signedOutBytes).padStart(6)} kB signed out, ${kb(weight.signedInBytes).padStart(6)} kB signed in  ` +
        `${weight.page} (${weight.heaviestLanguage})${weight.signedInBytes > budgetBytes ? '  OVER BUDGET' : ''}`,
    );
  const pagesWith = new Map<string, number>();
  for (const weight of weights) for (const file of weight.files) pagesWith.set(file, (pagesWith.get(file) ?? 0) + 1);
  lines.push('Each file: gzipped kB, and on how many of the pages it is in the first load:');
  for (const [file, pages] of [...pagesWith].sort((a, b) => gzippedBytes(b[0]) - gzippedBytes(a[0])))
    lines.push(
      `  ${kb(gzippedBytes(file)).padStart(6)} kB  ${String(pages).padStart(3)}/${weights.length}  ${file}` +
        (sourceOf(file) ? `  ${sourceOf(file)}` : ''),
    );
  return lines.join('\n');
}

/**
 * What breaks the budget: a page over it that is not on the list of known exceptions, a known
 * exception that got heavier, and a known exception that now meets the budget (so the list shrinks).
 */
export function budgetFailures(
  weights: readonly PageWeight[],
  budgetKb: number,
  ceilingsKb: Readonly<Record<string, number>>,
): string[] {
  const failures: string[] = [];
  for (const weight of weights) {
    const weightKb = weight.signedInBytes / 1024;
    const ceiling = ceilingsKb[weight.page];
    if (ceiling === undefined) {
      if (weightKb > budgetKb)
        failures.push(`${weight.page}: first load ${kb(weight.signedInBytes)} kB, over the budget of ${budgetKb} kB`);
    } else if (weightKb > ceiling) {
      failures.push(`${weight.page}: first load ${kb(weight.signedInBytes)} kB, heavier than its known ${ceiling} kB`);
    } else if (weightKb <= budgetKb) {
      failures.push(
        `${weight.page}: now within the budget (${kb(weight.signedInBytes)} kB): remove it from the list of exceptions`,
      );
    }
  }
  for (const page of Object.keys(ceilingsKb))
    if (!weights.some((weight) => weight.page === page))
      failures.push(`${page}: listed as an exception, but no such page`);
  return failures;
}

export interface FirstLoadBudgetOptions {
  readonly budgetKb: number;
  /**
   * Pages known to be over the budget, each with the weight it may not pass (kB, signed in): a
   * page may only get lighter until it meets the budget and leaves the list. An absolute path.
   */
  readonly ceilingsFile: string;
  /** The router's source, relative to the project root. */
  readonly routerFile: string;
  /** Manifest keys of what a signed-in member's shell adds. */
  readonly signedInExtras: readonly string[];
  /**
   * Whether a page over its budget fails the build (in CI and `npm test`), or is only said (the
   * build `npm start` makes: an operator's start never fails over a few kilobytes).
   */
  readonly enforce: boolean;
}

/** Measures the build it ends, prints every page's weight, and fails the build over the budget. */
export function firstLoadBudget(options: FirstLoadBudgetOptions): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'first-load-budget',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      root = config.root;
    },
    closeBundle() {
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
      const languages = [
        ...new Set(
          Object.keys(manifest).flatMap((key) => /interface-messages:messages__([a-z-]+)__/.exec(key)?.[1] ?? []),
        ),
      ];
      const gzipped = new Map<string, number>();
      const gzippedBytes = (file: string) => {
        let bytes = gzipped.get(file);
        if (bytes === undefined) {
          bytes = gzipSync(readFileSync(join(outDir, file))).length;
          gzipped.set(file, bytes);
        }
        return bytes;
      };
      const pages = pagesOfRouter(readFileSync(join(root, options.routerFile), 'utf8'));
      const weights = firstLoadWeights({
        manifest,
        pages,
        languages,
        signedInExtras: options.signedInExtras,
        gzippedBytes,
      });
      const budgetBytes = options.budgetKb * 1024;
      // Files are named by their hash alone: say which source (or chunk) each comes from.
      const sources = new Map<string, string>();
      for (const [key, chunk] of Object.entries(manifest)) {
        sources.set(chunk.file, chunk.src ?? chunk.name ?? key);
        for (const css of chunk.css ?? [])
          if (!sources.has(css)) sources.set(css, `${chunk.src ?? chunk.name ?? key} (CSS)`);
      }
      console.log(describeWeights(weights, gzippedBytes, budgetBytes, (file) => sources.get(file)));
      const ceilings = JSON.parse(readFileSync(options.ceilingsFile, 'utf8')) as Record<string, number>;
      const failures = budgetFailures(weights, options.budgetKb, ceilings);
      if (failures.length === 0) return;
      if (!options.enforce) {
        console.warn(`First-load budget (checked in CI and by npm test):\n${failures.join('\n')}`);
        return;
      }
      throw new Error(failures.join('\n'));
    },
  };
}
