/**
 * Escaping for every output format: tensor and index names are user text and must never change
 * the structure of what we write. Characters a format cannot hold become U+FFFD.
 */

/** Characters XML 1.0 forbids even as references: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F. */
function isXmlForbidden(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff;
}

/** Text and attribute values for SVG/XML: markup characters as entities, non-ASCII as references. */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isXmlForbidden(code)) out += '&#xFFFD;';
    else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else if (code < 0x20 || code > 0x7e) out += `&#x${code.toString(16).toUpperCase()};`;
    else out += ch;
  }
  return out;
}

/** A Graphviz double-quoted string; labels are rendered with HTML entities, so `&` is escaped too. */
export function quoteDot(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '&') out += '&amp;';
    else if (isXmlForbidden(code) || code < 0x20 || code > 0x7e) out += `&#${isXmlForbidden(code) ? 0xfffd : code};`;
    else out += ch;
  }
  return `${out}"`;
}

const texSpecials: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '%': '\\%',
  _: '\\_', '^': '\\textasciicircum{}', '~': '\\textasciitilde{}', '<': '\\textless{}', '>': '\\textgreater{}',
  '|': '\\textbar{}', '"': '\\textquotedbl{}',
};

/** Text inside a TikZ node: TeX specials as commands; control and line-separator characters dropped to U+FFFD. */
export function escapeTex(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const special = texSpecials[ch];
    if (special !== undefined) out += special;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || isXmlForbidden(code)) out += '\uFFFD';
    else out += ch;
  }
  return out;
}

/** JSON that is also safe inside HTML <script> and JavaScript source: <, >, &, U+2028/9 escaped. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
