import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { commonJsToEsm, locateCodexModules, splitCodexImports } from './codex-per-component';
import { budgetFailures, filesLoadedWith, firstLoadWeights, pagesOfRouter, type Manifest } from './first-load-weights';
import { keysByExport, keysNamedIn, namesImportedFrom } from './page-messages';
import { copyableModule } from './copied-chunks';

const codex = locateCodexModules();

describe('Codex per component', () => {
  const files = readdirSync(codex.directory).filter((file) => /\.c?js$/.test(file));

  test.each(files)('turns %s into an ES module without any CommonJS left', (file) => {
    const esm = commonJsToEsm(readFileSync(join(codex.directory, file), 'utf8'), file, (specifier) => ({
      source: specifier,
      hasDefault: false,
    }));
    expect(esm).not.toMatch(/\brequire\(|\bmodule\.exports\b|\bexports\./);
    // Parses as a module (import/export at the top level).
    expect(() => transformSync(esm, { format: 'esm', loader: 'js' })).not.toThrow();
  });

  test('imports a default export as a default, and named exports as a namespace', () => {
    const esm = commonJsToEsm(
      '"use strict";const a=require("vue"),b=require("./CdxButton.cjs"),c=1;require("./side.js");function f(){return b}exports.f=f;exports.g=c;',
      'example.cjs',
      (specifier) => ({ source: `resolved:${specifier}`, hasDefault: specifier === './CdxButton.cjs' }),
    );
    expect(esm).toContain('import * as a from "resolved:vue";');
    expect(esm).toContain('import b from "resolved:./CdxButton.cjs";');
    expect(esm).toContain('import "resolved:./side.js";');
    expect(esm).toContain('const c=1;');
    expect(esm).toContain('export { f, c as g };');
  });

  test('refuses a shape it does not know rather than guessing', () => {
    expect(() =>
      commonJsToEsm('"use strict";if(x){var y=require("vue")}', 'odd.cjs', (source) => ({ source, hasDefault: false })),
    ).toThrow(/CommonJS shape/);
  });

  test('splits our imports, over several lines, leaving types out and keeping local names', () => {
    const code = [
      'import {',
      '  CdxButton,',
      '  type MenuItemData,',
      '  CdxField as Field',
      "} from '@wikimedia/codex';",
      'const x = 1;',
    ].join('\n');
    const split = splitCodexImports(code, codex, 'Example.vue');
    expect(split).toContain(`import CdxButton from ${JSON.stringify('\0codex-module:CdxButton.cjs.mjs')};`);
    expect(split).toContain(`import Field from ${JSON.stringify('\0codex-module:CdxField.cjs.mjs')};`);
    expect(split).not.toContain('MenuItemData');
    expect(split).toContain('const x = 1;');
    expect(() => splitCodexImports("import { useNothing } from '@wikimedia/codex';", codex, 'Bad.vue')).toThrow(
      /useNothing has no per-component Codex module/,
    );
  });

  test('knows each component’s direction-neutral stylesheet', () => {
    expect(codex.stylesheetsOf.get('CdxButton.cjs')).toEqual(['CdxButton-bidi.css']);
  });
});

describe('first-load weights', () => {
  const manifest: Manifest = {
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vue.js'], css: ['assets/index.css'] },
    '_vue.js': { file: 'assets/vue.js' },
    'features/a/APage.vue': {
      file: 'assets/APage.js',
      imports: ['_vue.js', '_shared.js'],
      dynamicImports: [
        '../../interface-messages:messages__en__a-APage.js',
        '../../interface-messages:messages__ar__a-APage.js',
        'features/a/Later.vue',
      ],
    },
    '_shared.js': { file: 'assets/shared.js', css: ['assets/shared.css'] },
    'features/a/Later.vue': { file: 'assets/Later.js' },
    '../../interface-messages:messages__en__a-APage.js': { file: 'assets/messages-en-a.js' },
    '../../interface-messages:messages__ar__a-APage.js': { file: 'assets/messages-ar-a.js' },
    'features/b/Bell.vue': { file: 'assets/Bell.js' },
  };
  const sizes: Record<string, number> = {
    'assets/index.js': 10_000,
    'assets/vue.js': 30_000,
    'assets/index.css': 2_000,
    'assets/APage.js': 5_000,
    'assets/shared.js': 1_000,
    'assets/shared.css': 500,
    'assets/Later.js': 50_000,
    'assets/messages-en-a.js': 1_000,
    'assets/messages-ar-a.js': 1_500,
    'assets/Bell.js': 700,
  };

  test('counts the entry, the page, what they import, their CSS and their messages, not what loads later', () => {
    expect([...filesLoadedWith(manifest, ['index.html', 'features/a/APage.vue'], 'ar')].sort()).toEqual([
      'assets/APage.js',
      'assets/index.css',
      'assets/index.js',
      'assets/messages-ar-a.js',
      'assets/shared.css',
      'assets/shared.js',
      'assets/vue.js',
    ]);
  });

  test('reports the heaviest language, signed out and signed in', () => {
    const [weight] = firstLoadWeights({
      manifest,
      pages: ['features/a/APage.vue'],
      languages: ['en', 'ar'],
      signedInExtras: ['features/b/Bell.vue'],
      gzippedBytes: (file) => sizes[file]!,
    });
    expect(weight).toMatchObject({ heaviestLanguage: 'ar', signedOutBytes: 50_000, signedInBytes: 50_700 });
  });

  test.each<{ weightKb: number; ceilings: Record<string, number>; failures: number; about: string }>([
    { weightKb: 99, ceilings: {}, failures: 0, about: 'within the budget' },
    { weightKb: 101, ceilings: {}, failures: 1, about: 'over the budget, not a known exception' },
    { weightKb: 101, ceilings: { p: 102 }, failures: 0, about: 'a known exception that did not grow' },
    { weightKb: 103, ceilings: { p: 102 }, failures: 1, about: 'a known exception that grew' },
    { weightKb: 99, ceilings: { p: 102 }, failures: 1, about: 'a known exception now within (the list must shrink)' },
    { weightKb: 99, ceilings: { gone: 102 }, failures: 1, about: 'an exception for a page that is no more' },
  ])('$about', ({ weightKb, ceilings, failures }) => {
    const weights = [
      { page: 'p', signedOutBytes: 0, signedInBytes: weightKb * 1024, heaviestLanguage: 'en', files: [] },
    ];
    expect(budgetFailures(weights, 100, ceilings)).toHaveLength(failures);
  });

  test('finds every page of the router', () => {
    const pages = pagesOfRouter(readFileSync(join(import.meta.dirname, '../../src/web/router.ts'), 'utf8'));
    expect(pages).toContain('features/home/HomePage.vue');
    expect(pages.length).toBeGreaterThan(30);
  });
});

describe('page messages', () => {
  const keys = ['cxc-home-title', 'cxc-org-type-chapter', 'cxc-org-type-user-group', 'cxc-nav-home'];

  test('finds keys named whole, and every key a prefix before a template parameter begins', () => {
    const code = 't("cxc-home-title"); t(`cxc-org-type-${type}`); el.className = "cxc-home__hero cxc-page";';
    expect([...keysNamedIn(code, keys)].sort()).toEqual([
      'cxc-home-title',
      'cxc-org-type-chapter',
      'cxc-org-type-user-group',
    ]);
  });
});

describe('vocabulary labels by list', () => {
  const keys = ['cxc-visibility-public', 'cxc-visibility-members', 'cxc-role-admin', 'cxc-role-member'];
  const vocabulary = [
    "export const VISIBILITY = vocabulary(['public', 'members'], (value) => `cxc-visibility-${value}`);",
    'export type Visibility = ValueOf<typeof VISIBILITY>;',
    "export const ROLE = vocabulary(['member', 'admin'], (value) => `cxc-role-${value}`);",
  ].join('\n');

  test('finds the label keys of each exported list', () => {
    const byExport = keysByExport(vocabulary, keys);
    expect([...byExport.get('VISIBILITY')!].sort()).toEqual(['cxc-visibility-members', 'cxc-visibility-public']);
    expect([...byExport.get('ROLE')!].sort()).toEqual(['cxc-role-admin', 'cxc-role-member']);
  });

  test('reads which lists a module imports, and says when it cannot tell', () => {
    const code =
      'import { ROLE, type Role, VISIBILITY as V } from "../../shared/vocabulary.ts";\nimport { t } from "./i18n";';
    expect(namesImportedFrom(code, 'shared/vocabulary')).toEqual(['ROLE', 'VISIBILITY']);
    expect(namesImportedFrom('import { t } from "./i18n";', 'shared/vocabulary')).toBeUndefined();
    expect(namesImportedFrom('import * as lists from "../shared/vocabulary";', 'shared/vocabulary')).toBeUndefined();
    // A module beside the lists' own names them relatively; another module of the same name elsewhere is not them.
    const beside = 'import { vocabulary, type ValueOf } from "./vocabulary";';
    expect(namesImportedFrom(beside, 'shared/vocabulary', '/app/src/shared/item-vocabulary.ts')).toEqual([
      'vocabulary',
    ]);
    expect(namesImportedFrom(beside, 'shared/vocabulary', '/app/src/web/item-vocabulary.ts')).toBeUndefined();
  });
});

describe('modules copied into pages', () => {
  const sources: Record<string, string> = {
    '/app/src/web/Plain.vue': '<script setup lang="ts">\nconst open = ref(false);\n</script>',
    '/app/src/web/Shared.vue':
      '<script lang="ts">\nconst failed = ref(false);\n</script>\n<script setup lang="ts"></script>',
    '/app/src/web/format.ts':
      'export function format(value: number): string {\n  let text = String(value);\n  return text;\n}',
    '/app/src/web/cache.ts':
      'const cache = new Map<string, string>();\nexport const get = (key: string) => cache.get(key);',
    '/app/src/web/counter.ts': 'let next = 0;\nexport const id = () => next++;',
    '/app/src/web/typed.ts': 'export const open: Ref<boolean> = ref(false);',
  };
  const copyable = copyableModule('/app/src/', (file) => sources[file] ?? '');

  test('Codex components are copied; the modules holding its shared state are not', () => {
    expect(copyable('\0codex-module:CdxField.cjs.mjs')).toBe(true);
    expect(copyable('\0codex-module:useModelWrapper.cjs.mjs')).toBe(true);
    for (const held of ['constants.js', 'useGeneratedId.cjs', 'useScrollLock.js', 'useToast.js', 'ToastDisplay.js'])
      expect(copyable(`\0codex-module:${held}.mjs`), held).toBe(false);
  });

  test('our components and modules are copied unless they keep state at their top level', () => {
    expect(copyable('/app/src/web/Plain.vue')).toBe(true);
    expect(copyable('/app/src/web/Plain.vue?vue&type=style&index=0&scoped=1&lang.css')).toBe(true);
    expect(copyable('/app/src/web/Shared.vue')).toBe(false);
    expect(copyable('/app/src/web/format.ts')).toBe(true);
    expect(copyable('/app/src/web/cache.ts')).toBe(false);
    expect(copyable('/app/src/web/counter.ts')).toBe(false);
    expect(copyable('/app/src/web/typed.ts')).toBe(false);
  });

  test('libraries stay shared, icons and message loaders are copied', () => {
    expect(copyable('/app/node_modules/pinia/dist/pinia.mjs')).toBe(false);
    expect(copyable('/app/node_modules/@wikimedia/codex-icons/dist/codex-icons.mjs')).toBe(true);
    expect(copyable('\0interface-messages:loaders-search-SearchPage.js')).toBe(true);
  });

  test('in this code, the modules that hold the interface’s state are kept single', () => {
    const ours = copyableModule(join(process.cwd(), 'src/'));
    for (const module of [
      'web/i18n/i18n.ts',
      'web/features/messages/live.ts',
      'web/features/statistics/MonthReport.vue',
    ])
      expect(ours(join(process.cwd(), 'src', module)), module).toBe(false);
  });
});
