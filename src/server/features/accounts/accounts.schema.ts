import { Type, type Static } from 'typebox';
import { enumOf, NameText } from '../../platform/http/schemas';
import { UI_LANGUAGE_CODES } from '../../../shared/ui-languages';
import { ROLE } from '../../../shared/vocabulary';
import { PASSWORD_MAX_LENGTH } from './password-policy';

const Email = Type.String({ format: 'email', maxLength: 320, description: 'E-mail address' });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
const Token = Type.String({
  minLength: 10,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The token from the mailed link',
});
const UiLanguageSchema = Type.Enum([...UI_LANGUAGE_CODES]);
const RoleSchema = enumOf(ROLE);

export const Account = Type.Object(
  {
    id: Type.String(),
    displayName: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    emailVerified: Type.Boolean(),
    wikimediaUsername: Type.Union([Type.String(), Type.Null()], {
      description: 'Verified by signing in with Wikimedia',
    }),
    role: RoleSchema,
    language: Type.String(),
    onboarded: Type.Boolean({
      description: 'Accepted the current Code of conduct and privacy notice and chose a display name',
    }),
    hasPassword: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Account', description: 'The signed-in member' },
);
export type Account = Static<typeof Account>;

export const SessionState = Type.Object(
  {
    viewer: Type.Union([Type.Ref('Account'), Type.Null()]),
    signInMethods: Type.Object({ local: Type.Boolean(), wikimedia: Type.Boolean() }),
  },
  { description: 'Who is signed in (null when nobody) and how one can sign in here' },
);

export const SignUpBody = Type.Object(
  { email: Email, password: Password, language: Type.Optional(UiLanguageSchema) },
  { additionalProperties: false },
);
export const SignInBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export const TokenBody = Type.Object({ token: Token }, { additionalProperties: false });
export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const ResetCompleteBody = Type.Object({ token: Token, password: Password }, { additionalProperties: false });
export const ConsentBody = Type.Object(
  {
    displayName: NameText('person'),
    acceptCodeOfConduct: Type.Boolean(),
    acceptPrivacy: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const LanguageBody = Type.Object({ language: UiLanguageSchema }, { additionalProperties: false });
export const DeleteBody = Type.Object(
  { confirmation: Type.String({ maxLength: 320 }) },
  { additionalProperties: false },
);
export const CheckEmail = Type.Object(
  { status: Type.Literal('check-email') },
  { description: 'If the address can be used, a mail is on its way' },
);

export const SessionsResponse = Type.Object(
  {
    sessions: Type.Array(
      Type.Object({
        id: Type.String(),
        device: Type.Union([Type.String(), Type.Null()], { description: 'Browser and system, roughly' }),
        createdAt: Type.String({ format: 'date-time' }),
        lastSeenAt: Type.String({ format: 'date-time' }),
        current: Type.Boolean(),
      }),
    ),
  },
  { description: 'The sessions of the signed-in member, most recently used first' },
);
export const SessionIdParams = Type.Object({ id: Type.String({ maxLength: 36 }) });

export const RoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });
export const UserIdParams = Type.Object({ id: Type.String({ maxLength: 36 }) });
export const UsersQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export const AdminUser = Type.Object(
  {
    id: Type.String(),
    displayName: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    wikimediaUsername: Type.Union([Type.String(), Type.Null()]),
    role: RoleSchema,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AdminUser' },
);
export type AdminUser = Static<typeof AdminUser>;
export const UsersResponse = Type.Object(
  {
    users: Type.Array(Type.Ref('AdminUser')),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    hasMore: Type.Boolean(),
  },
  { description: 'One page of members, newest first' },
);
