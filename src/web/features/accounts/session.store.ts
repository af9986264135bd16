import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Account } from '../../api/client';

/** Who is signed in, and which ways of signing in the site offers. Loaded once at start. */
export const useSessionStore = defineStore('session', () => {
  const viewer = ref<Account | null>(null);
  const signInMethods = ref({ local: true, wikimedia: false });
  const loaded = ref(false);

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
