// Rich text from editors is cleaned with an allow list before it is stored: structure and
// emphasis, links, images, tables. No scripts, no event handlers, no style or class attributes,
// no javascript: or data: URLs (data: only for images, and only raster types).
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'hr',
    'code',
    'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'template',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
  ],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: withSafeUrl({ ...attribs, rel: 'noopener noreferrer' }, 'href') }),
    img: (tagName, attribs) => ({ tagName, attribs: withSafeUrl(attribs, 'src') }),
  },
  exclusiveFilter: (frame) =>
    frame.tag === 'img' &&
    /^data:/i.test(frame.attribs.src ?? '') &&
    !/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(frame.attribs.src ?? ''),
};

// Absolute http(s), a path on this site, mailto/tel, or an inline raster image; nothing else.
const SAFE_URL =
  /^(https?:\/\/[^\s"'<>`]+|\/(?!\/)[^\s"'<>`]*|mailto:[^\s"'<>`]+|tel:[0-9+() .-]+|data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=]+)$/i;

function withSafeUrl(attribs: sanitizeHtml.Attributes, name: string): sanitizeHtml.Attributes {
  const value = attribs[name];
  if (value === undefined || SAFE_URL.test(value.trim())) return attribs;
  const rest = { ...attribs };
  delete rest[name];
  return rest;
}

export function sanitizeRichText(html: string): string {
  // Non-breaking spaces from editors would glue words into lines that cannot wrap on a phone.
  const text = html.normalize('NFC').replace(/&nbsp;|&#160;|&#xa0;|\u00a0/gi, ' ');
  return sanitizeHtml(text, OPTIONS).trim();
}
