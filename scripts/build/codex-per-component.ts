import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Codex ships as one ES module (`codex.js`) and one stylesheet (`codex.style.css`). A bundler cannot
 * split one module between chunks, so every Codex component any page uses would ride in the first
 * load of every page, with the styles of all the others. Codex also ships each component on its
 * own (`dist/modules/`, made for MediaWiki's loader), as small CommonJS files with their own
 * direction-neutral ("bidi") stylesheets. This plugin makes our imports of `@wikimedia/codex` use
 * those files, turned into ES modules, so a page's chunk carries exactly the components it uses and
 * their styles.
 */

const PACKAGE = '@wikimedia/codex';
const VIRTUAL_PREFIX = '\0codex-module:';
/** The bundler reads `.cjs` as CommonJS; what the plugin serves is an ES module. */
const VIRTUAL_SUFFIX = '.mjs';
const virtualIdOf = (file: string) => VIRTUAL_PREFIX + file + VIRTUAL_SUFFIX;

interface ManifestEntry {
  readonly file: string;
  readonly css?: readonly string[];
}

/** Where Codex's per-component files are, and each file's stylesheets (from Codex's own manifest). */
export interface CodexModules {
  readonly directory: string;
  readonly stylesheetsOf: ReadonlyMap<string, readonly string[]>;
}

export function locateCodexModules(fromDirectory: string = process.cwd()): CodexModules {
  const require = createRequire(join(fromDirectory, 'package.json'));
  // The package's exports map lists `./dist/*` but not `package.json`.
  const directory = dirname(require.resolve(`${PACKAGE}/dist/modules/manifest-bidi.json`));
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest-bidi.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const stylesheetsOf = new Map<string, readonly string[]>();
  for (const entry of Object.values(manifest)) if (entry.css) stylesheetsOf.set(entry.file, entry.css);
  return { directory, stylesheetsOf };
}

const REQUIRE_RUN = /const ((?:[\w$]+=require\("[^"]+"\)[,;])+)/g;
const ONE_REQUIRE = /([\w$]+)=require\("([^"]+)"\)([,;])/g;
const BARE_REQUIRE = /(?<=^|[;}])require\("([^"]+)"\);/g;
const DEFAULT_EXPORT = /module\.exports=([^;]+);\s*$/;
const NAMED_EXPORT = /exports\.([\w$]+)=([\w$]+);/g;

/**
 * Rewrites one of Codex's CommonJS module files as an ES module. The files are minified but
 * regular: `require` calls stand in `const` runs before any code runs, exports come last. Anything
 * else is refused loudly, so a Codex upgrade that changes the shape breaks the build, not the page.
 */
export function commonJsToEsm(
  code: string,
  fileName: string,
  importOf: (specifier: string) => { readonly source: string; readonly hasDefault: boolean },
): string {
  const imports: string[] = [];
  const importLine = (name: string | null, specifier: string) => {
    const { source, hasDefault } = importOf(specifier);
    if (name === null) return `import ${JSON.stringify(source)};`;
    return hasDefault
      ? `import ${name} from ${JSON.stringify(source)};`
      : `import * as ${name} from ${JSON.stringify(source)};`;
  };
  let body = code.replace(/^"use strict";/, '');
  body = body.replace(REQUIRE_RUN, (_run, declarations: string) => {
    let continues = false;
    for (const [, name, specifier, separator] of declarations.matchAll(ONE_REQUIRE)) {
      imports.push(importLine(name!, specifier!));
      continues = separator === ',';
    }
    // `const a=require("x"),b=1` keeps declaring after the requires.
    return continues ? 'const ' : ';';
  });
  body = body.replace(BARE_REQUIRE, (_statement, specifier: string) => {
    imports.push(importLine(null, specifier));
    return '';
  });
  const exportLines: string[] = [];
  body = body.replace(DEFAULT_EXPORT, (_statement, value: string) => {
    exportLines.push(`export default ${value};`);
    return '';
  });
  const named: string[] = [];
  body = body.replace(NAMED_EXPORT, (_statement, exported: string, local: string) => {
    named.push(local === exported ? local : `${local} as ${exported}`);
    return '';
  });
  if (named.length > 0) exportLines.push(`export { ${named.join(', ')} };`);
  if (/\brequire\(|\bexports\b/.test(body))
    throw new Error(`${fileName}: a CommonJS shape this build does not know; check the Codex version`);
  return `${imports.join('\n')}\n${body}\n${exportLines.join('\n')}\n`;
}

/** `CdxButton` -> `CdxButton.cjs`; `null` for a name Codex has no module for. */
function moduleFileOf(modules: CodexModules, exportName: string): string | null {
  const file = `${exportName}.cjs`;
  return existsSync(join(modules.directory, file)) ? file : null;
}

const CODEX_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@wikimedia\/codex["'];?/g;

/** Rewrites `import { CdxButton, CdxIcon } from '@wikimedia/codex'` as one import per component. */
export function splitCodexImports(code: string, modules: CodexModules, id: string): string {
  const split = code.replace(CODEX_IMPORT, (_statement, names: string) =>
    names
      .split(',')
      .map((specifier) => specifier.trim())
      .filter((specifier) => specifier !== '' && !specifier.startsWith('type '))
      .map((specifier) => {
        const [imported, local = imported] = specifier.split(/\s+as\s+/) as [string, string?];
        const file = moduleFileOf(modules, imported);
        if (!file) throw new Error(`${id}: ${imported} has no per-component Codex module`);
        return `import ${local} from ${JSON.stringify(virtualIdOf(file))};`;
      })
      .join('\n'),
  );
  // Any other shape (`import * as`, `export ... from`) would bring the whole library back, quietly.
  if (/["']@wikimedia\/codex["']/.test(split))
    throw new Error(`${id}: import Codex components by name: import { CdxButton } from '@wikimedia/codex'`);
  return split;
}

export function codexPerComponent(): Plugin {
  const modules = locateCodexModules();
  const read = (file: string) => readFileSync(join(modules.directory, file), 'utf8');
  const hasDefaultExport = new Map<string, boolean>();
  const exportsDefault = (file: string) => {
    let known = hasDefaultExport.get(file);
    if (known === undefined) {
      known = DEFAULT_EXPORT.test(read(file));
      hasDefaultExport.set(file, known);
    }
    return known;
  };
  return {
    name: 'codex-per-component',
    enforce: 'post',
    resolveId(source) {
      return source.startsWith(VIRTUAL_PREFIX) ? source : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX)) return null;
      const file = id.slice(VIRTUAL_PREFIX.length, -VIRTUAL_SUFFIX.length);
      const code = commonJsToEsm(read(file), file, (specifier) => {
        if (!specifier.startsWith('./')) return { source: specifier, hasDefault: false };
        const target = specifier.slice(2);
        return { source: virtualIdOf(target), hasDefault: exportsDefault(target) };
      });
      const styles = (modules.stylesheetsOf.get(file) ?? []).map(
        (stylesheet) => `import ${JSON.stringify(join(modules.directory, stylesheet))};`,
      );
      return `${styles.join('\n')}\n${code}`;
    },
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('/node_modules/') || !code.includes(PACKAGE)) return null;
      return { code: splitCodexImports(code, modules, id), map: null };
    },
  };
}
