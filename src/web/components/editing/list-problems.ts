import type { useForm } from '../../composables/use-form';

/**
 * The problems the server found with the entries of one list (`languages.2`, `authors.0.handle`),
 * as props for the CdxField around the list: its status, and one line per problem naming its entry.
 */
export function listStatus(
  form: ReturnType<typeof useForm>,
  list: string,
  entryName: (index: number) => string,
): { status: 'error' | 'default'; messages: { error?: string } } {
  const lines: string[] = [];
  const own = form.fieldErrors.value[list];
  if (own) lines.push(own);
  for (const [field, message] of Object.entries(form.fieldErrors.value)) {
    const match = new RegExp(`^${list}\\.(\\d+)$`).exec(field);
    if (match) lines.push(`${entryName(Number(match[1]))}: ${message}`);
  }
  return lines.length > 0
    ? { status: 'error', messages: { error: lines.join(' ') } }
    : { status: 'default', messages: {} };
}
