import { readFileSync } from 'node:fs';

/**
 * Which modules the bundler may copy into each page's chunk instead of keeping them in a chunk of
 * their own that several pages share.
 *
 * Why copy at all: Codex comes one component per module (see codex-per-component.ts), so the
 * pages share dozens of small chunks, and a page's first load was some 47 files. Over HTTP/1.1 a
 * phone fetches six at a time, a round trip each, and those round trips, not the bytes, held up
 * every page's first view. Copied into the page, the same code comes in a handful of files and the
 * first load gets no heavier (small files gzip worse than one).
 *
 * Why not everything: a copy is a second instance of the module. Code that keeps state at the top
 * of a module would then keep two: Codex's injection keys (a field's input would no longer find
 * its field), its id counter (two inputs with one id), its scroll lock and toast queue, our live
 * connection, our interface messages. Such modules stay in one shared chunk. A module may be
 * copied when it is
 * - a Codex module other than those holding state,
 * - an icon, a stylesheet, or the list of a page's message loaders,
 * - one of our components whose code is all in `<script setup>` (a plain `<script>` block is
 *   shared by every instance: MonthReport.vue keeps there whether the chart could load),
 * - one of our TypeScript modules with no state at its top level (no `let`, and no top-level
 *   `const` made by `new`, `ref(`, `shallowRef(`, `reactive(` or `Symbol(`).
 */

const CODEX_MODULES_WITH_STATE = /codex-module:(constants|useGeneratedId|useScrollLock|useToast|ToastDisplay)\./;
const PLAIN_SCRIPT_BLOCK = /<script(?![^>]*\bsetup\b)[^>]*>/;
const TOP_LEVEL_STATE = /^(export )?(let |const [\w$]+(: [^=]+)? = (new |ref\(|shallowRef\(|reactive\(|Symbol\())/m;

/** Whether the module `id` may be copied into several chunks; `sourceRoot` is where our own code is. */
export function copyableModule(sourceRoot: string, readSource: (file: string) => string = readUtf8) {
  const verdicts = new Map<string, boolean>();
  const judge = (id: string): boolean => {
    if (id.includes('codex-module:')) return !CODEX_MODULES_WITH_STATE.test(id);
    if (id.includes('@wikimedia/codex-icons') || id.includes('interface-messages:loaders-') || id.endsWith('.css'))
      return true;
    const file = id.split('?')[0] ?? id;
    if (!file.startsWith(sourceRoot)) return false;
    if (file.endsWith('.vue')) return !PLAIN_SCRIPT_BLOCK.test(readSource(file));
    if (file.endsWith('.ts')) return !TOP_LEVEL_STATE.test(readSource(file));
    return false;
  };
  return (id: string): boolean => {
    let verdict = verdicts.get(id);
    if (verdict === undefined) {
      verdict = judge(id);
      verdicts.set(id, verdict);
    }
    return verdict;
  };
}

function readUtf8(file: string): string {
  return readFileSync(file, 'utf8');
}
