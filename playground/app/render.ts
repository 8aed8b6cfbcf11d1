import katex from 'katex';
import type { CheckResult, RandomInputs } from 'ricci';
import type { Derived, Failed, Warning } from './derivation.js';

/** Places a derivation's views into the page; knows the element ids of index.html and nothing else. */
export function renderDerived(d: Derived, picked: string): void {
  text('index', d.index);
  math('latex', d.latex);
  const matrix = byId('matrix');
  matrix.replaceChildren(...d.matrix.map((m) => {
    const box = element('div', { className: 'layout', id: `matrix-${m.layout}` });
    const title = element('h3', { textContent: `${m.layout} layout`, className: m.layout === picked ? 'picked' : '' });
    const formula = element('div', { className: 'math' });
    katexInto(formula, m.latex);
    const plain = element('pre', { className: 'matrix-text', textContent: m.text.split('\n')[0] ?? '' });
    const convention = element('p', { textContent: m.convention });
    box.append(title, formula, plain, convention);
    return box;
  }));
  const backprop = byId('backprop');
  backprop.hidden = d.backprop === undefined;
  if (d.backprop) {
    katexInto(byId('backprop-latex'), d.backprop.latex);
    text('backprop-text', d.backprop.text);
  }
  text('kronecker', d.kronecker);
  text('differential', d.differential);
  byId('steps').replaceChildren(...d.steps.map((s, k) => {
    const figure = element('figure', { id: `step-${k}` });
    const words = element('figcaption');
    words.append(element('b', { textContent: s.title }), element('span', { textContent: s.description }));
    if (s.latex) {
      const formula = element('div', { className: 'math' });
      katexInto(formula, s.latex);
      words.append(formula);
    }
    const picture = element('div', { className: 'picture' });
    picture.innerHTML = s.svg; // the library's own deterministic SVG (it escapes every name)
    figure.append(words, picture);
    return figure;
  }));
  text('javascript', d.javascript);
  text('python', d.python);
  text('program', d.program);
}

export function renderFailed(f: Failed): void {
  const box = byId('error');
  box.replaceChildren(...diagnostic(f.message));
  box.hidden = false;
  if (f.program !== undefined) text('program', f.program);
}

export function renderWarnings(warnings: readonly Warning[]): void {
  const box = byId('warnings');
  box.replaceChildren(...warnings.map((w) => {
    const item = element('div', { className: 'warning' });
    item.append(...diagnostic(w.message));
    return item;
  }));
  box.hidden = warnings.length === 0;
}

/** A coded message's first line as text, the quoted input with its caret kept aligned. */
function diagnostic(message: string): HTMLElement[] {
  const [headline = '', ...quoted] = message.split('\n');
  return [element('p', { textContent: headline }), ...(quoted.length > 0 ? [element('pre', { textContent: quoted.join('\n') })] : [])];
}

export function clearError(): void {
  byId('error').hidden = true;
}

export function renderCheckRunning(): void {
  byId('check').replaceChildren(element('span', { className: 'badge running', textContent: 'checking…' }));
}

export function renderCheck(result: CheckResult | Failed, inputs: RandomInputs): void {
  const box = byId('check');
  if ('kind' in result) {
    box.replaceChildren(element('span', { className: 'badge bad', textContent: 'could not check' }), element('pre', { textContent: result.message }));
    return;
  }
  const badge = element('span', {
    className: `badge ${result.ok ? 'ok' : 'bad'}`,
    textContent: result.ok ? `✓ agrees with finite differences` : '✗ disagrees with finite differences',
  });
  const w = result.worst;
  const sizes = Object.entries(inputs.sizes).map(([s, n]) => `${s} = ${n}`).join(', ');
  const detail = element('div', {
    className: 'check-detail',
    textContent: `max relative error ${result.maxError.toExponential(2)} (worst entry [${w.index.join(', ')}]: symbolic ${w.symbolic.toPrecision(8)}, numeric ${w.numeric.toPrecision(8)})` +
      `${sizes ? `; sizes ${sizes}` : ''}; inputs uniform in [0.2, 1.2), square matrices made diagonally dominant`,
  });
  box.replaceChildren(badge, detail);
}

export function renderPickers(id: 'of' | 'wrt', names: readonly string[], chosen: string, enabled: boolean): void {
  const select = byId(id) as HTMLSelectElement;
  select.replaceChildren(...names.map((n) => element('option', { value: n, textContent: n })));
  select.value = chosen;
  select.disabled = !enabled || names.length === 0;
}

export function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

function text(id: string, value: string): void {
  byId(id).textContent = value;
}

function math(id: string, latex: string): void {
  katexInto(byId(id), latex);
}

function katexInto(target: HTMLElement, latex: string): void {
  katex.render(latex, target, { displayMode: true, throwOnError: false, output: 'html' });
}
