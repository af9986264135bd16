import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { useSessionStore } from './session.store';

const { api } = vi.hoisted(() => ({ api: { GET: vi.fn(), POST: vi.fn() } }));
vi.mock('../../api/client', () => ({ api }));

const ADA = { id: 'u1', email: 'ada@example.org', displayName: '</script> Ada', role: 'member', onboarded: true };

/** The data block as the server writes it: every `<` escaped, so `</script>` cannot end it. */
function pageCarries(state: unknown): void {
  const element = document.createElement('script');
  element.id = 'cxc-initial-state';
  element.type = 'application/json';
  element.textContent = JSON.stringify(state).replace(/</g, '\\u003c');
  document.head.append(element);
}

describe('the session store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    document.getElementById('cxc-initial-state')?.remove();
    vi.clearAllMocks();
  });

  test('starts from the page’s state without asking the API, and takes it only once', () => {
    pageCarries({ viewer: ADA, signInMethods: { local: false, wikimedia: true } });
    const session = useSessionStore();
    expect(session.loaded).toBe(true);
    expect(session.viewer).toEqual(ADA);
    expect(session.signInMethods).toEqual({ local: false, wikimedia: true });
    expect(document.getElementById('cxc-initial-state')).toBeNull();
    expect(api.GET).not.toHaveBeenCalled();
  });

  test('a visitor’s page says so: loaded, no viewer', () => {
    pageCarries({ viewer: null, signInMethods: { local: true, wikimedia: false } });
    const session = useSessionStore();
    expect(session.loaded).toBe(true);
    expect(session.viewer).toBeNull();
  });

  test('without state in the page (or with a broken one) it asks the API when refreshed', async () => {
    const element = document.createElement('script');
    element.id = 'cxc-initial-state';
    element.textContent = '{"viewer":';
    document.head.append(element);
    api.GET.mockResolvedValue({ data: { viewer: ADA, signInMethods: { local: true, wikimedia: true } } });
    const session = useSessionStore();
    expect(session.loaded).toBe(false);
    await session.refresh();
    expect(api.GET).toHaveBeenCalledWith('/api/session');
    expect(session.viewer).toEqual(ADA);
    expect(session.loaded).toBe(true);
  });
});
