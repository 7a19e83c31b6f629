import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text';

describe('htmlToText', () => {
  it('drops tags, turns block tags into spaces and collapses whitespace', () => {
    expect(htmlToText('<p>Gunmen <b>killed</b> 12</p><p>in <a href="x">Bokkos</a>.</p>')).toBe(
      'Gunmen killed 12 in Bokkos.',
    );
    expect(htmlToText('one<br/>two<BR>three</LI><li class="x">four')).toBe('one two three four');
    expect(htmlToText('a<span>b</span>c')).toBe('abc');
  });

  it('unwraps CDATA and drops script and style elements with their content', () => {
    expect(htmlToText('<![CDATA[<p>Inside</p>]]> after')).toBe('Inside after');
    expect(htmlToText('a<script type="x">var s = "<p>";</script>b<STYLE>p{}</Style>c')).toBe(
      'a b c',
    );
    // An unclosed script is a tag like any other: its text stays.
    expect(htmlToText('a<script>b')).toBe('ab');
  });

  it('keeps a "<" that no ">" closes as text', () => {
    expect(htmlToText('5 < 6 and 7 > 3')).toBe('5 3'); // "< 6 and 7 >" reads as a tag
    expect(htmlToText('casualties < 10')).toBe('casualties < 10');
    expect(htmlToText('<<<')).toBe('<<<');
  });

  it('decodes every HTML5 named entity, and numeric ones', () => {
    expect(htmlToText('Caf&eacute; &laquo;&pound;5&raquo; &amp; &#8217;&#x2019; &nbsp;x')).toBe(
      'Café «£5» & ’’ x',
    );
    // Decoded after tags are gone: an escaped tag is text, not markup.
    expect(htmlToText('&lt;p&gt;quoted&lt;/p&gt;')).toBe('<p>quoted</p>');
  });

  it('matches the old regex version on ordinary markup', () => {
    const legacy = (html: string) =>
      html
        .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<\/?(p|div|br|li|ul|ol|h\d|blockquote|figure|figcaption)\b[^>]*>/gi, ' ')
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const fragment = fc.constantFrom(
      '<p>',
      '</p>',
      '<div class="a">',
      '<br/>',
      '<b>',
      '</b>',
      '<script>x</script>',
      '<style>y</style>',
      '<![CDATA[z]]>',
      'word',
      ' ',
      '7',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const html = parts.join('');
        expect(htmlToText(html)).toBe(legacy(html));
      }),
    );
  });
});
