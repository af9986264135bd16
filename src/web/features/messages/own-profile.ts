import { api } from '../../api/client';

/** What the messages pages need of the member's own profile: its address and the languages on it. */
export interface OwnProfileSummary {
  readonly handle: string;
  readonly languages: readonly string[];
}

let cached: { viewerId: string; promise: Promise<OwnProfileSummary | undefined> } | undefined;

/** The signed-in member's own profile summary, asked once per member and page load. */
export function ownProfile(viewerId: string): Promise<OwnProfileSummary | undefined> {
  if (cached?.viewerId !== viewerId) {
    const promise = api
      .GET('/api/profile')
      .then(({ data }) =>
        data ? { handle: data.handle, languages: data.languages.map((entry) => entry.code) } : undefined,
      );
    cached = { viewerId, promise };
  }
  return cached.promise;
}
