/**
 * A strict XML well-formedness check, enough for the SVG we write: one root element, properly
 * nested tags, quoted attributes without '<', unique attribute names, only valid entity and
 * character references, no characters XML forbids. Returns the problems found (empty = well-formed).
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  const name = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    checkText(text.slice(pos, lt < 0 ? text.length : lt), problems);
    if (lt < 0) break;
    if (stack.length === 0 && text.slice(pos, lt).trim() !== '') problems.push(`text outside the root at ${pos}`);
    const gt = text.indexOf('>', lt);
    if (gt < 0) { problems.push(`unterminated tag at ${lt}`); break; }
    const tag = text.slice(lt + 1, gt);
    pos = gt + 1;
    if (tag.startsWith('?xml')) continue;
    if (tag.startsWith('!--')) {
      const end = text.indexOf('-->', lt);
      if (end < 0) { problems.push('unterminated comment'); break; }
      pos = end + 3;
      continue;
    }
    if (tag.startsWith('/')) {
      const closing = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== closing) problems.push(`</${closing}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const inner = selfClosing ? tag.slice(0, -1) : tag;
    const element = name.exec(inner)?.[0];
    if (!element) { problems.push(`bad tag name in <${tag}>`); continue; }
    checkAttributes(inner.slice(element.length), element, problems);
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

function checkAttributes(rest: string, element: string, problems: string[]): void {
  const seen = new Set<string>();
  const attribute = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/;
  let r = rest;
  for (let m = attribute.exec(r); m; m = attribute.exec(r)) {
    if (seen.has(m[1]!)) problems.push(`duplicate attribute ${m[1]} on <${element}>`);
    seen.add(m[1]!);
    const value = m[3] ?? m[4]!;
    if (value.includes('<')) problems.push(`'<' in attribute ${m[1]} of <${element}>`);
    checkText(value, problems);
    r = r.slice(m[0].length);
  }
  if (r.trim() !== '') problems.push(`malformed attributes on <${element}>: ${JSON.stringify(r.slice(0, 40))}`);
}

function checkText(text: string, problems: string[]): void {
  for (const m of text.matchAll(/&([^;\s]*);?/g)) {
    const ref = m[0];
    const ok = /^&(amp|lt|gt|quot|apos);$/.test(ref) || /^&#x[0-9A-Fa-f]+;$/.test(ref) || /^&#[0-9]+;$/.test(ref);
    if (!ok) problems.push(`bad reference ${JSON.stringify(ref)}`);
    const code = ref.startsWith('&#x') ? parseInt(ref.slice(3), 16) : ref.startsWith('&#') ? parseInt(ref.slice(2), 10) : 0x41;
    if (!allowedInXml(code)) problems.push(`reference to a character XML forbids: ${ref}`);
  }
  for (const ch of text) if (!allowedInXml(ch.codePointAt(0)!)) problems.push(`forbidden character U+${ch.codePointAt(0)!.toString(16)}`);
  if (text.includes('>') && text.includes(']]>')) problems.push("']]>' in text");
}

function allowedInXml(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** The number of elements whose class attribute is exactly `cls`. */
export function countClass(svg: string, element: string, cls: string): number {
  return svg.split(`<${element} class="${cls}"`).length - 1;
}

/** Decoded text contents of every element with the class (entities resolved). */
export function textsOfClass(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => decodeEntities(m[1]!));
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'"
      : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}
