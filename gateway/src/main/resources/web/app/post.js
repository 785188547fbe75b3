import DOMPurify from 'dompurify';

// Post bodies are other people's HTML. DOMPurify keeps what Stack Overflow renders (paragraphs, code, lists,
// links, images) and drops scripts, event handlers, javascript: URLs, forms, frames and styles.
const OPTIONS = {
  ALLOWED_TAGS: ['p', 'br', 'hr', 'pre', 'code', 'kbd', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'em', 'i',
    'strong', 'b', 'del', 'strike', 's', 'sup', 'sub', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody',
    'tr', 'th', 'td', 'dl', 'dt', 'dd', 'span', 'div'],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'width', 'height'],
  ALLOWED_URI_REGEXP: /^(?:https?:|#|\/(?!\/))/i,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  // the post's own description of an image, else a plain one: a screen reader must not read out the address
  if (node.tagName === 'IMG' && !node.getAttribute('alt')) {
    node.setAttribute('alt', node.getAttribute('title') || 'image in the post');
  }
  if (node.tagName === 'A') {
    node.setAttribute('rel', 'nofollow noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
});

/** A post body as a fragment that is safe to insert. */
export function sanitized(html) {
  return DOMPurify.sanitize(html ?? '', { ...OPTIONS, RETURN_DOM_FRAGMENT: true });
}
