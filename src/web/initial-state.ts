import { INITIAL_STATE_ELEMENT_ID } from '../shared/web-routes';

/**
 * What the server wrote into the page for its first view (who is signed in), taken once: later
 * changes (signing in or out) come from the API. Undefined when the page carries none, e.g. in
 * development through Vite's server, or when the server could not read it.
 */
export function takeInitialState<State>(): State | undefined {
  const element = document.getElementById(INITIAL_STATE_ELEMENT_ID);
  if (!element?.textContent) return undefined;
  element.remove();
  try {
    return JSON.parse(element.textContent) as State;
  } catch {
    return undefined;
  }
}
