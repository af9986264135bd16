import { EventStreamReader } from './event-stream';
import { Value } from 'typebox/value';
import type { paths } from '../../web/api/schema';
import type { AppInstance } from '../app';
import { ErrorResponse } from '../platform/http/schemas';

type Method = 'get' | 'post' | 'put' | 'delete';
type Headers = Record<string, string>;

/** The routes answering `method`, as the OpenAPI document writes them: `/api/people/{handle}`. */
export type Route<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never;
}[keyof paths];
type Operation<M extends Method, R extends Route<M>> = NonNullable<paths[R][M]>;

/** What a route accepts as its JSON body (`undefined` when it takes none). */
export type RequestBody<M extends Method, R extends Route<M>> =
  Operation<M, R> extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : undefined;

// Redirects count as success: the sign-in routes answer with one.
type SuccessStatus = 200 | 201 | 202 | 204 | 302 | 303;
type JsonOf<Answer> = Answer extends { content: { 'application/json': infer Body } } ? Body : null;

/** What a route answers when it succeeds (`null` for an answer without content). */
export type ResponseBody<M extends Method, R extends Route<M>> =
  Operation<M, R> extends { responses: infer Answers }
    ? { [Status in keyof Answers]: Status extends SuccessStatus ? JsonOf<Answers[Status]> : never }[keyof Answers]
    : never;

// A concrete address (`/api/people/ana?as=member`, or a template literal type such as
// `/api/people/${string}`) is matched to its route segment by segment, so that a parameter stands
// for exactly one segment and `/api/organizations/similar` is not taken for `/api/organizations/{slug}`.
type Segments<S extends string> = S extends `${infer Head}/${infer Rest}` ? [Head, ...Segments<Rest>] : [S];
type SegmentMatches<Given extends string, Template extends string> = Template extends `{${string}}`
  ? Given extends ''
    ? false
    : true
  : Given extends Template
    ? true
    : false;
type SegmentsMatch<Given extends string[], Template extends string[]> = Given extends [
  infer G extends string,
  ...infer GivenRest extends string[],
]
  ? Template extends [infer T extends string, ...infer TemplateRest extends string[]]
    ? SegmentMatches<G, T> extends true
      ? SegmentsMatch<GivenRest, TemplateRest>
      : false
    : false
  : Template extends []
    ? true
    : false;
type PathOf<Url extends string> = Url extends `${infer Path}?${string}` ? Path : Url;
type Resolve<M extends Method, Path extends string> =
  Path extends Route<M>
    ? Path
    : { [R in Route<M>]: SegmentsMatch<Segments<Path>, Segments<R>> extends true ? R : never }[Route<M>];

/** The route a concrete address goes to (never when the API has none for this method). */
export type RouteOf<M extends Method, Url extends string> = Url extends string ? Resolve<M, PathOf<Url>> : never;

/** Refuses, at compile time, an address the API has no route for; `request` is there for those. */
type Known<M extends Method, Url extends string> = [RouteOf<M, Url>] extends [never]
  ? { readonly 'no route for this method and address; use request() to send it anyway': Url }
  : unknown;
type BodyArguments<M extends Method, Url extends string> = [RequestBody<M, RouteOf<M, Url>>] extends [undefined]
  ? [body?: undefined, headers?: Headers]
  : [body: RequestBody<M, RouteOf<M, Url>>, headers?: Headers];
type Answer<M extends Method, Url extends string> = TestResponse<ResponseBody<M, RouteOf<M, Url>>>;

export class TestResponse<Body = unknown> {
  constructor(
    readonly status: number,
    /** The JSON answer, typed as the route's successful one; read `error` when it failed. */
    readonly body: Body,
    readonly headers: Record<string, string | string[] | number | undefined>,
    /** The session cookie the answer set, if any ('' when it cleared it). */
    readonly sessionCookie: string | undefined,
  ) {}

  /**
   * The error of a 4xx or 5xx answer, checked against the API's error schema, so a test reading it
   * fails with the answer in its message when the request did not fail as the test expected.
   */
  get error(): ErrorResponse['error'] {
    return apiError(this.body, this.status);
  }
}

/** The error in a parsed answer, checked against the API's error schema (for answers read without a client). */
export function apiError(body: unknown, status?: number): ErrorResponse['error'] {
  if (Value.Check(ErrorResponse, body)) return body.error;
  throw new Error(`Expected an error answer, got ${status ?? 'one'}: ${JSON.stringify(body)}`);
}

/** The field problems of an error answer as `field:code`, e.g. `body.handle:handle-taken`. */
export function fieldErrors(response: TestResponse): string[] {
  return (response.error.details ?? []).map((detail) => `${detail.field}:${detail.code}`);
}

let clientCounter = 0;

/**
 * Requests as the web app makes them: same-origin for state-changing methods, with a cookie jar
 * of one session cookie. `get`, `post`, `put` and `delete` take only addresses and bodies the
 * API's OpenAPI document describes, and type the answer by it; `request` sends anything.
 */
export class TestClient {
  cookie: string | undefined;
  /** Each client comes from its own address (TEST-NET-2), as separate people would. */
  readonly ip = `198.51.${Math.floor(++clientCounter / 250) % 250}.${clientCounter % 250}`;

  constructor(
    private readonly app: AppInstance,
    private readonly origin = app.config.publicUrl,
  ) {}

  /**
   * Unchecked: for what the API's types would refuse (malformed or unknown input, addresses built
   * at run time, as in the permission table).
   */
  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Headers = {},
  ): Promise<TestResponse> {
    const allHeaders: Headers = {
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
    return new TestResponse(response.statusCode, parsed, response.headers, setCookie?.value);
  }

  /**
   * Opens a Server-Sent Events stream (`/api/notifications/stream`) and answers once its headers
   * are in: the status, the headers, and a reader of its events (close it when done).
   */
  async openStream(url: string, headers: Headers = {}) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        accept: 'text/event-stream',
        ...(this.cookie ? { cookie: `cxc_session=${this.cookie}` } : {}),
        ...headers,
      },
      payloadAsStream: true,
    });
    return { status: response.statusCode, headers: response.headers, events: new EventStreamReader(response.stream()) };
  }

  get<const Url extends string>(url: Url & Known<'get', Url>, headers?: Headers): Promise<Answer<'get', Url>> {
    return this.typed('GET', url, undefined, headers);
  }

  /** Without a body, sends `{}`, as the web app does. */
  post<const Url extends string>(
    url: Url & Known<'post', Url>,
    ...[body, headers]: BodyArguments<'post', Url>
  ): Promise<Answer<'post', Url>> {
    return this.typed('POST', url, body ?? {}, headers);
  }

  put<const Url extends string>(
    url: Url & Known<'put', Url>,
    ...[body, headers]: BodyArguments<'put', Url>
  ): Promise<Answer<'put', Url>> {
    return this.typed('PUT', url, body, headers);
  }

  delete<const Url extends string>(url: Url & Known<'delete', Url>, headers?: Headers): Promise<Answer<'delete', Url>> {
    return this.typed('DELETE', url, undefined, headers);
  }

  // The one place where an answer takes the type the OpenAPI document gives its route.
  private async typed<Body>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body: unknown,
    headers: Headers | undefined,
  ): Promise<TestResponse<Body>> {
    return (await this.request(method, url, body, headers)) as TestResponse<Body>;
  }
}
