import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Account, type SessionState } from '../../api/client';
import { takeInitialState } from '../../initial-state';

/**
 * Who is signed in, and which ways of signing in the site offers: from the page itself when the
 * server wrote it there, else asked once at start.
 */
export const useSessionStore = defineStore('session', () => {
  const fromPage = takeInitialState<SessionState>();
  const viewer = ref<Account | null>(fromPage?.viewer ?? null);
  const signInMethods = ref(fromPage?.signInMethods ?? { local: true, wikimedia: false });
  const loaded = ref(fromPage !== undefined);

  async function refresh(): Promise<void> {
    const { data } = await api.GET('/api/session');
    if (data) {
      viewer.value = data.viewer;
      signInMethods.value = data.signInMethods;
    }
    loaded.value = true;
  }

  function setViewer(account: Account | null): void {
    viewer.value = account;
  }

  async function signOut(): Promise<void> {
    await api.POST('/api/auth/sign-out');
    viewer.value = null;
  }

  const isAdmin = computed(() => viewer.value?.role === 'admin');
  return { viewer, signInMethods, loaded, isAdmin, refresh, setViewer, signOut };
});
