// The sanitiser against a broad list of XSS payloads (OWASP cheat sheet and common filter
// evasions). Whatever comes out must contain no script, no handler, no style, no dangerous URL.
import { sanitizeRichText } from '../../../server/content/sanitize';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<img src=JaVaScRiPt:alert(1)>',
  '<img src="jav&#x09;ascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="data:text/html,<script>alert(1)</script>">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JAVASCRIPT:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java\0script:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="//evil.example/">x</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<input onfocus=alert(1) autofocus>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<audio src=x onerror=alert(1)>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div style="width: expression(alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<td background="javascript:alert(1)">',
  '<p onclick="alert(1)">click</p>',
  '<p onmouseover=alert(1)>hover</p>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>alert(1)//<</script>',
  '<img """><script>alert(1)</script>">',
  '<img src=`javascript:alert(1)`>',
  '<a href="http://x" onmouseover="alert(1)">x</a>',
  '<p class="x" id="y" data-x="1">x</p>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<textarea><script>alert(1)</script></textarea>',
  '<xmp><script>alert(1)</script></xmp>',
  '<isindex action=javascript:alert(1) type=image>',
  '<marquee onstart=alert(1)>',
];

describe('sanitizeRichText', () => {
  test.each(PAYLOADS)('neutralises %s', (payload) => {
    const out = sanitizeRichText(payload);
    expect(out).not.toMatch(
      /<script|<style|<iframe|<object|<embed|<svg|<math|<form|<input|<meta|<link|<base|<body|<video|<audio|<details|<marquee/i,
    );
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    expect(out).not.toMatch(/\sstyle\s*=/i);
    expect(out).not.toMatch(/\s(class|id|data-x|background|srcdoc)\s*=/i);
    expect(out).not.toMatch(/(href|src)\s*=\s*"(?!https?:|mailto:|tel:|data:image\/(png|jpe?g|gif|webp);base64,)/i);
    expect(out).not.toMatch(/javascript:|vbscript:/i);
  });

  test('keeps the formatting editors use', () => {
    const html =
      '<h2>Tiêu đề</h2><p>Đoạn <strong>đậm</strong> <em>nghiêng</em> <a href="https://tuyenquang.gov.vn/van-ban">liên kết</a>.</p>' +
      '<ul><li>một</li></ul><table><tr><th scope="col">A</th></tr><tr><td colspan="2">B</td></tr></table>' +
      '<figure><img src="/media/a.webp" alt="Ảnh" width="800" height="600"><figcaption>Chú thích</figcaption></figure>';
    const out = sanitizeRichText(html);
    expect(out).toContain('<h2>Tiêu đề</h2>');
    expect(out).toContain('<strong>đậm</strong>');
    expect(out).toContain('<a href="https://tuyenquang.gov.vn/van-ban" rel="noopener noreferrer">liên kết</a>');
    expect(out).toContain('<td colspan="2">B</td>');
    expect(out).toContain('<img src="/media/a.webp" alt="Ảnh" width="800" height="600" />');
  });

  test('turns non-breaking spaces into spaces, so text wraps on a phone', () => {
    expect(sanitizeRichText('<p>Chữ&nbsp;đậm\u00a0quan&#160;trọng</p>')).toBe('<p>Chữ đậm quan trọng</p>');
  });

  test('allows raster images inline as data URLs, and stores text in NFC', () => {
    expect(sanitizeRichText('<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">')).toContain(
      'data:image/png;base64',
    );
    expect(sanitizeRichText('<p>Tuyên Quang</p>'.normalize('NFD'))).toBe('<p>Tuyên Quang</p>'.normalize('NFC'));
  });
});
