import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Wikimedia account as Meta-Wiki's `oauth2/resource/profile` describes it. */
export interface StandInUser {
  sub: string;
  username: string;
  editcount: number;
  registered: string;
  blocked: boolean;
}

interface IssuedCode {
  readonly user: StandInUser;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly expiresAt: number;
  used: boolean;
}

/**
 * A local stand-in for Meta-Wiki's OAuth 2.0 server, faithful to what the client relies on: the
 * three endpoints under /w/rest.php/oauth2, client authentication, PKCE (S256) verification,
 * single-use codes that expire, and the identity profile. Its authorize page shows Allow and Cancel
 * buttons for the browser tests; the account "signed in" there is `currentUser`.
 */
export class WikimediaStandIn {
  currentUser: StandInUser = {
    sub: '4815162342',
    username: 'Example Wikimedian',
    editcount: 1234,
    registered: '20150304050607',
    blocked: false,
  };
  codeLifetimeMs = 60_000;
  /** User-Agent headers received by the token and profile endpoints. */
  readonly userAgents: string[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, StandInUser>();
  private server: Server | undefined;
  url = '';

  constructor(
    readonly clientId = 'cxc-test-client',
    readonly clientSecret = 'cxc-test-secret',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes every code issued so far expire now. */
  expireCodes(): void {
    for (const [key, code] of this.codes) this.codes.set(key, { ...code, expiresAt: 0 });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /w/rest.php/oauth2/authorize':
        return this.authorizePage(url, response);
      case 'POST /w/rest.php/oauth2/authorize':
        return this.decide(new URLSearchParams(await readBody(request)), response);
      case 'POST /w/rest.php/oauth2/access_token': {
        this.userAgents.push(String(request.headers['user-agent']));
        const result = this.exchange(new URLSearchParams(await readBody(request)));
        return json(result.status, result.body);
      }
      case 'GET /w/rest.php/oauth2/resource/profile': {
        this.userAgents.push(String(request.headers['user-agent']));
        const user = this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (!user) return json(401, { error: 'invalid_token' });
        return json(200, {
          ...user,
          confirmed_email: true,
          groups: ['*', 'user'],
          rights: ['read'],
          grants: ['basic'],
        });
      }
      case 'GET /favicon.ico':
        response.writeHead(204).end();
        return;
      default:
        return json(404, { error: 'not_found' });
    }
  }

  private authorizePage(url: URL, response: ServerResponse): void {
    const params = url.searchParams;
    if (
      params.get('client_id') !== this.clientId ||
      params.get('response_type') !== 'code' ||
      params.get('code_challenge_method') !== 'S256' ||
      !params.get('code_challenge')
    ) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Invalid authorization request');
      return;
    }
    const hidden = ['redirect_uri', 'state', 'code_challenge']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
      .join('');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="en"><head><title>Meta-Wiki stand-in</title></head><body>
<main><h1>Allow Capacity Exchange to know your identity?</h1><p>Signed in as ${escapeHtml(this.currentUser.username)}.</p>
<form method="post">${hidden}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Cancel</button></form></main></body></html>`);
  }

  private decide(form: URLSearchParams, response: ServerResponse): void {
    const redirect = new URL(form.get('redirect_uri') ?? '');
    redirect.searchParams.set('state', form.get('state') ?? '');
    if (form.get('decision') !== 'allow') {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('error_description', 'The user denied the authorization request');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        user: { ...this.currentUser },
        redirectUri: form.get('redirect_uri') ?? '',
        challenge: form.get('code_challenge') ?? '',
        expiresAt: Date.now() + this.codeLifetimeMs,
        used: false,
      });
      redirect.searchParams.set('code', code);
    }
    response.writeHead(302, { location: redirect.toString() }).end();
  }

  private exchange(form: URLSearchParams): { status: number; body: unknown } {
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    }
    const code = this.codes.get(form.get('code') ?? '');
    const invalid = (description: string) => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: description },
    });
    if (form.get('grant_type') !== 'authorization_code')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (!code) return invalid('Unknown authorization code');
    if (code.used) return invalid('Authorization code has been used');
    if (code.expiresAt < Date.now()) return invalid('Authorization code has expired');
    if (code.redirectUri !== form.get('redirect_uri')) return invalid('Redirect URI mismatch');
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (challenge !== code.challenge) return invalid('Failed to verify code verifier');
    code.used = true;
    const accessToken = randomBytes(24).toString('hex');
    this.tokens.set(accessToken, code.user);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: 14400,
        access_token: accessToken,
        refresh_token: randomBytes(24).toString('hex'),
      },
    };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
