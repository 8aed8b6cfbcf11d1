/**
 * Builds JavaScript source line by line with indentation: the only way generated code is written.
 * Callers pass identifiers through jsName() and constants through jsNumber() first.
 */
export class JsWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text: string): this {
    this.lines.push('  '.repeat(this.depth) + text);
    return this;
  }

  block(head: string, body: () => void): this {
    this.line(head === '' ? '{' : `${head} {`);
    this.depth++;
    body();
    this.depth--;
    return this.line('}');
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
