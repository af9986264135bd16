/**
 * Reads the one-time token that mailed links carry in the URL fragment (`#token=...`), then removes
 * it from the address bar and history. The fragment never reaches the server, its logs or a Referer.
 */
export function takeLinkToken(): string {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  if (token) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}
