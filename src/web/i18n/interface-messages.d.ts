/** The shell's interface messages, per language (made by scripts/build/page-messages.ts). */
declare module 'virtual:interface-messages/shell' {
  import type { MessageLoaders } from './i18n';

  const loaders: MessageLoaders;
  export default loaders;
}
