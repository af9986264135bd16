import * as oauth from 'oauth4webapi';
import type { WikimediaOAuthConfig } from '../../platform/config';

/** Why a Wikimedia sign-in did not complete; each has its own message for the member. */
export type WikimediaFailure = 'denied' | 'state' | 'failed' | 'unreachable' | 'blocked' | 'already-linked';

export class WikimediaSignInError extends Error {
  constructor(
    readonly failure: WikimediaFailure,
    cause?: unknown,
  ) {
    super(`Wikimedia sign-in failed: ${failure}`, { cause });
    this.name = 'WikimediaSignInError';
  }
}

/** What Meta-Wiki's `oauth2/resource/profile` tells about the member (identity grant only). */
export interface WikimediaProfile {
  readonly sub: string;
  readonly username: string;
  readonly editcount: number | null;
  readonly registered: string | null;
  readonly blocked: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * OAuth 2.0 authorization code flow with PKCE against a MediaWiki OAuth server (Meta-Wiki), as a
 * confidential client, through oauth4webapi. The access token is used once, for the profile,
 * and never stored.
 */
export class WikimediaOAuthClient {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;
  private readonly options: { [oauth.customFetch]: typeof fetch; [oauth.allowInsecureRequests]?: boolean };

  constructor(
    private readonly config: WikimediaOAuthConfig,
    private readonly redirectUri: string,
    userAgent: string,
  ) {
    this.server = {
      issuer: config.baseUrl,
      authorization_endpoint: `${config.baseUrl}/w/rest.php/oauth2/authorize`,
      token_endpoint: `${config.baseUrl}/w/rest.php/oauth2/access_token`,
    };
    this.client = { client_id: config.clientId };
    this.clientAuth = oauth.ClientSecretPost(config.clientSecret);
    // Wikimedia asks every client to say who it is in the User-Agent.
    const identifiedFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('user-agent', userAgent);
      return fetch(input, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    };
    this.options = {
      [oauth.customFetch]: identifiedFetch,
      // Only a local stand-in is ever reached over plain http (production refuses such a URL).
      ...(config.baseUrl.startsWith('http://') ? { [oauth.allowInsecureRequests]: true } : {}),
    };
  }

  /** Where to send the browser, with the secrets to keep until it comes back. */
  async authorizationRequest(): Promise<{ url: string; state: string; codeVerifier: string }> {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(this.server.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.redirectUri,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), state, codeVerifier };
  }

  /** Turns the callback into the member's profile; throws WikimediaSignInError. */
  async complete(
    callbackParameters: URLSearchParams,
    expectedState: string,
    codeVerifier: string,
  ): Promise<WikimediaProfile> {
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(this.server, this.client, callbackParameters, expectedState);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError)
        throw new WikimediaSignInError(error.error === 'access_denied' ? 'denied' : 'failed', error);
      throw new WikimediaSignInError('state', error);
    }
    const accessToken = await this.guard(async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        this.server,
        this.client,
        this.clientAuth,
        parameters,
        this.redirectUri,
        codeVerifier,
        this.options,
      );
      return (await oauth.processAuthorizationCodeResponse(this.server, this.client, response)).access_token;
    });
    const profile = await this.guard(async () => {
      const response = await oauth.protectedResourceRequest(
        accessToken,
        'GET',
        new URL(`${this.config.baseUrl}/w/rest.php/oauth2/resource/profile`),
        undefined,
        undefined,
        this.options,
      );
      if (!response.ok) throw new Error(`profile answered ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    });
    if (typeof profile.sub !== 'string' && typeof profile.sub !== 'number') throw new WikimediaSignInError('failed');
    if (typeof profile.username !== 'string' || profile.username === '') throw new WikimediaSignInError('failed');
    return {
      sub: String(profile.sub),
      username: profile.username,
      editcount: typeof profile.editcount === 'number' ? profile.editcount : null,
      registered: typeof profile.registered === 'string' ? profile.registered : null,
      blocked: profile.blocked === true,
    };
  }

  /** Network failures mean the server is unreachable; any other failure means the exchange failed. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof WikimediaSignInError) throw error;
      const unreachable =
        error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError');
      throw new WikimediaSignInError(unreachable ? 'unreachable' : 'failed', error);
    }
  }
}

/** Coarse edit-count range kept for the reports: never the exact number. */
export function editCountBucket(editcount: number | null): string | null {
  if (editcount === null) return null;
  if (editcount === 0) return '0';
  if (editcount < 10) return '1-9';
  if (editcount < 100) return '10-99';
  if (editcount < 1000) return '100-999';
  if (editcount < 10_000) return '1000-9999';
  return '10000+';
}

/** The year of a MediaWiki timestamp (`20100101000000`) or ISO date; only the year is kept. */
export function registrationYear(registered: string | null): number | null {
  const year = Number(registered?.slice(0, 4));
  return Number.isInteger(year) && year > 2000 && year < 3000 ? year : null;
}
