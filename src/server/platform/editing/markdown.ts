import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// No raw HTML in the source, links made clickable, no typographic replacements that change meaning.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
// The same without any link: addresses stay plain text (what a new account writes, against spam).
const withoutLinks = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable(['link', 'autolink']);

const DAY_MS = 86_400_000;

/**
 * Whether what an account writes may carry clickable links: not in its first `days` days
 * (NEW_ACCOUNT_LINK_DAYS), the spammer's first tool being a fresh account full of links.
 */
export function linksAllowed(accountCreatedAt: number | undefined, days: number, now = Date.now()): boolean {
  return accountCreatedAt === undefined || now - accountCreatedAt >= days * DAY_MS;
}

/**
 * Renders a bio or description written in Markdown to HTML that is safe to insert in a page:
 * markdown-it escapes any HTML in the text, then sanitize-html keeps only plain formatting and
 * http(s)/mailto links, which open without telling the target where the reader came from.
 */
export function renderMarkdown(source: string, { links = true }: { links?: boolean } = {}): string {
  return sanitizeHtml((links ? markdown : withoutLinks).render(source), {
    allowedTags: ['p', 'br', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'hr'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer ugc' }),
      h1: 'h3',
      h2: 'h3',
      h5: 'h4',
      h6: 'h4',
    },
  });
}
