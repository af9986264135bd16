import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { WEB_PAGES } from '../shared/web-routes';

/** Every page is its own chunk: the first load carries the shell and the page asked for. */
const routes: RouteRecordRaw[] = [
  { path: WEB_PAGES.home, name: 'home', component: () => import('./features/home/HomePage.vue') },
  { path: WEB_PAGES.capacities, name: 'capacities', component: () => import('./features/capacities/CapacityBrowserPage.vue') },
  { path: WEB_PAGES.about, name: 'about', component: () => import('./features/pages/AboutPage.vue') },
  { path: WEB_PAGES.privacy, name: 'privacy', component: () => import('./features/pages/PrivacyPage.vue') },
  { path: WEB_PAGES.codeOfConduct, name: 'code-of-conduct', component: () => import('./features/pages/CodeOfConductPage.vue') },
  { path: WEB_PAGES.apiReference, name: 'api-reference', component: () => import('./features/api-reference/ApiReferencePage.vue') },
  { path: '/:unknown(.*)*', name: 'not-found', component: () => import('./features/pages/NotFoundPage.vue') },
];

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
}
