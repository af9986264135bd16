import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import type { Viewer } from '../../platform/auth/viewer';
import { wikimediaAccounts } from '../accounts/accounts.public';
import type { WikimediaIdentity } from '../accounts/accounts.repository';
import {
  editCountBucket,
  registrationYear,
  WikimediaOAuthClient,
  WikimediaSignInError,
  type WikimediaProfile,
} from './wikimedia.client';

const ATTEMPT_MS = 10 * 60_000;

export type WikimediaOutcome = { readonly kind: 'signed-in'; readonly userId: string } | { readonly kind: 'linked' };

function identityOf(profile: WikimediaProfile): WikimediaIdentity {
  return {
    sub: profile.sub,
    username: profile.username,
    editBucket: editCountBucket(profile.editcount),
    registeredYear: registrationYear(profile.registered),
  };
}

/** Signing in with a Wikimedia account, and linking one to a local account. */
export function wikimediaService(db: Db, config: Config) {
  const accounts = wikimediaAccounts(db);
  const client = config.wikimedia
    ? new WikimediaOAuthClient(
        config.wikimedia,
        `${config.publicUrl}/api/auth/wikimedia/callback`,
        `CapacityExchange/0.1 (${config.publicUrl}; ${config.mail.from})`,
      )
    : undefined;

  function requireClient(): WikimediaOAuthClient {
    if (!client) throw new AppError('wikimedia_not_configured');
    return client;
  }

  return {
    /** Starts a sign-in (or, for a signed-in member, a link) and answers where to send the browser. */
    async start(viewer: Viewer | null, link: boolean): Promise<string> {
      const request = await requireClient().authorizationRequest();
      if (link && !viewer) throw new AppError('unauthorized');
      await accounts.saveAttempt({
        state: request.state,
        codeVerifier: request.codeVerifier,
        linkingUserId: link && viewer ? viewer.userId : null,
        expiresAt: Date.now() + ATTEMPT_MS,
      });
      return request.url;
    },

    /** Completes the attempt named by the callback's `state`; throws WikimediaSignInError. */
    async complete(parameters: URLSearchParams, viewer: Viewer | null): Promise<WikimediaOutcome> {
      const wikimedia = requireClient();
      const attempt = await accounts.takeAttempt(parameters.get('state') ?? '', Date.now());
      if (!attempt) throw new WikimediaSignInError(parameters.get('error') === 'access_denied' ? 'denied' : 'state');
      const profile = await wikimedia.complete(parameters, attempt.state, attempt.code_verifier);
      if (profile.blocked) throw new WikimediaSignInError('blocked');
      const identity = identityOf(profile);
      const owner = await accounts.ownerOf(identity.sub);

      if (attempt.linking_user_id) {
        if (viewer?.userId !== attempt.linking_user_id) throw new WikimediaSignInError('state');
        if (owner && owner.id !== viewer.userId) throw new WikimediaSignInError('already-linked');
        await accounts.link(viewer.userId, identity);
        return { kind: 'linked' };
      }
      if (owner) {
        await accounts.link(owner.id, identity);
        return { kind: 'signed-in', userId: owner.id };
      }
      return { kind: 'signed-in', userId: await accounts.create(identity) };
    },
  };
}
