import { computed, ref } from 'vue';
import type { ApiError } from '../api/client';

interface ApiResult<T> {
  data?: T;
  error?: ApiError | unknown;
}

/**
 * Submission state of one form: errors from the server's answer shown beside the fields they
 * concern (`body.email` -> `email`) and in a summary, and what the person typed kept as it was.
 */
export function useForm() {
  const submitting = ref(false);
  const fieldErrors = ref<Record<string, string>>({});
  const formError = ref('');
  const hasErrors = computed(() => formError.value !== '' || Object.keys(fieldErrors.value).length > 0);

  function clear(): void {
    fieldErrors.value = {};
    formError.value = '';
  }

  /** Runs an API call; answers its data, or undefined after recording why it failed. */
  async function submit<T>(call: () => Promise<ApiResult<T>>): Promise<T | undefined> {
    submitting.value = true;
    clear();
    try {
      const { data, error } = await call();
      if (error === undefined) return data as T;
      const apiError = (error as Partial<ApiError>).error;
      const fields: Record<string, string> = {};
      for (const detail of apiError?.details ?? []) {
        const field = detail.field.replace(/^(body|query|params)\./, '');
        fields[field] ??= detail.message;
      }
      fieldErrors.value = fields;
      // Field problems get the general sentence as their summary; anything else is the message itself.
      formError.value = apiError?.message ?? 'Error';
      return undefined;
    } finally {
      submitting.value = false;
    }
  }

  /** Props for a CdxField: error status and message for `field`. */
  function fieldStatus(field: string): { status: 'error' | 'default'; messages: { error?: string } } {
    const message = fieldErrors.value[field];
    return message ? { status: 'error', messages: { error: message } } : { status: 'default', messages: {} };
  }

  return { submitting, fieldErrors, formError, hasErrors, submit, clear, fieldStatus };
}
