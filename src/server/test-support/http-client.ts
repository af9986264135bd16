import type { AppInstance } from '../app';

export interface TestResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string | string[] | number | undefined>;
  /** The session cookie the answer set, if any ('' when it cleared it). */
  readonly sessionCookie: string | undefined;
}

/**
 * Requests as the web app makes them: same-origin for state-changing methods, with a cookie jar
 * of one session cookie.
 */
let clientCounter = 0;

export class TestClient {
  cookie: string | undefined;
  /** Each client comes from its own address (TEST-NET-2), as separate people would. */
  readonly ip = `198.51.${Math.floor(++clientCounter / 250) % 250}.${clientCounter % 250}`;

  constructor(private readonly app: AppInstance, private readonly origin = app.config.publicUrl) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> {
    const allHeaders: Record<string, string> = {
      ...(method === 'GET' ? {} : { origin: this.origin }),
      ...(this.cookie ? { cookie: `cxc_session=${this.cookie}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    };
    // An empty value removes a header, e.g. { origin: '' } for a request that sends none.
    for (const [name, value] of Object.entries(allHeaders)) if (value === '') delete allHeaders[name];
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: allHeaders,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const setCookie = response.cookies.find((cookie) => cookie.name === 'cxc_session');
    if (setCookie) this.cookie = setCookie.value === '' ? undefined : setCookie.value;
    let parsed: unknown = response.body;
    try {
      parsed = response.body === '' ? null : JSON.parse(response.body);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.statusCode, body: parsed, headers: response.headers, sessionCookie: setCookie?.value };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }

  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
}
