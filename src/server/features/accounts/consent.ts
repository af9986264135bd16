/**
 * The versions of the texts a member accepts at first sign-in. Change a version when the meaning
 * of its text (cxc-coc-* or cxc-privacy-* messages) changes: every member is then asked again.
 */
export const CONSENT_VERSIONS = {
  'code-of-conduct': '2026-11-25',
  privacy: '2026-11-25',
} as const;

export type ConsentDocument = keyof typeof CONSENT_VERSIONS;

/** The texts (document and version) a member must have accepted, as a list. */
export const CURRENT_CONSENTS: readonly { document: ConsentDocument; version: string }[] = Object.freeze(
  (Object.entries(CONSENT_VERSIONS) as [ConsentDocument, string][]).map(([document, version]) => ({
    document,
    version,
  })),
);

export function hasCurrentConsents(consents: readonly { document: string; version: string }[]): boolean {
  return (Object.entries(CONSENT_VERSIONS) as [ConsentDocument, string][]).every(([document, version]) =>
    consents.some((consent) => consent.document === document && consent.version === version),
  );
}
