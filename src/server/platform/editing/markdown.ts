import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// No raw HTML in the source, links made clickable, no typographic replacements that change meaning.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/**
 * Renders a bio or description written in Markdown to HTML that is safe to insert in a page:
 * markdown-it escapes any HTML in the text, then sanitize-html keeps only plain formatting and
 * http(s)/mailto links, which open without telling the target where the reader came from.
 */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), {
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
