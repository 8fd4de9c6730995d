// The four URL fields of a concert. The API publishes them as `format: uri` (RFC 3986), and one row
// that is not would make every search page holding it break the document. A URL that already is
// an RFC 3986 http(s) URI is kept as written. Otherwise it is stored in the form a browser would
// fetch (the WHATWG href: IDN host in punycode, spaces and non-ASCII percent-encoded), if that form
// is a URI; what still is not (`%zz`, `|`, `^`, `{`, a second `#`) is refused, as is what the two
// standards read differently: a backslash (a `/` to browsers, data to RFC 3986) and control
// characters (which browsers drop without a word).

export type WebUrlVerdict =
  | { readonly ok: true; readonly href: string }
  | { readonly ok: false; readonly reason: 'not-http' | 'backslash' | 'control' | 'not-uri' | 'too-long' };

// RFC 3986 §2-3, for the parts of an absolute http(s) URI. Each class excludes its part's
// delimiters, so every repetition below has one way to match (linear time).
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*`;
const IP_LITERAL = `\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*`;
const RFC3986_HTTP_URI = new RegExp(
  `^[Hh][Tt][Tt][Pp][Ss]?://(?:${USERINFO}@)?(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?(?:/${PCHAR}*)*(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`,
);
// C0 controls, DEL and the white space browsers strip or refuse: none belongs in a URL as written.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkWebUrl(text: string, maxLength: number): WebUrlVerdict {
  if (text.includes('\\')) return { ok: false, reason: 'backslash' };
  if (CONTROL.test(text)) return { ok: false, reason: 'control' };
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return { ok: false, reason: 'not-http' };
  if (RFC3986_HTTP_URI.test(text)) return { ok: true, href: text };
  if (url.href.length > maxLength) return { ok: false, reason: 'too-long' };
  return RFC3986_HTTP_URI.test(url.href) ? { ok: true, href: url.href } : { ok: false, reason: 'not-uri' };
}
