import { createKernelCache } from 'ricci';
import { check, derive, failure, type Outcome } from './derivation.js';
import { gallery } from './gallery.js';
import { byId, clearError, element, renderCheck, renderCheckRunning, renderDerived, renderFailed, renderPickers, renderWarnings } from './render.js';
import { decodeState, defaultState, encodeState, type PlaygroundState } from './state.js';

const hints = {
  ricci: 'Declarations like <code>W: [m, n]</code> are optional; one definition per line, e.g. <code>L = x[i] W[i,j] y[j]</code>. ' +
    'Repeated indices are summed; <code>sum[i](…)</code>, <code>delta[i,j]</code>, <code>exp log tanh sigmoid relu …</code>, <code>inv(A)[i,j] det(A) logdet(A)</code>.',
  matrix: 'matrixcalculus.org style: <code>x\'*A*x</code>, <code>tr(A*X*B)</code>, <code>log(det(X))</code>, <code>.*</code>. ' +
    'Letters a–g are scalars, h–z vectors, A–Z matrices (all sizes n); declare others above the expression: <code>A: [m, n]</code>.',
} as const;

/** Wires the page: the state lives in this closure and in the URL's hash, never in module scope. */
function start(): void {
  let state = decodeState(location.hash);
  let generation = 0;
  // the page's own CSP (index.html) forbids eval: kernels are interpreted from the start, never probed
  const kernels = createKernelCache(256, { execution: 'interpreted' });
  let typing: ReturnType<typeof setTimeout> | undefined;
  const source = byId('source') as HTMLTextAreaElement;
  const adjoints = byId('adjoints') as HTMLInputElement;
  const selects = ['of', 'wrt', 'kind', 'layout', 'vectors'] as const;

  const show = (next: PlaygroundState): void => {
    state = next;
    history.replaceState(null, '', encodeState(state));
    source.value = state.source;
    adjoints.value = state.adjoints;
    (byId(`notation-${state.notation}`) as HTMLInputElement).checked = true;
    byId('hint').innerHTML = hints[state.notation];
    // matrix input is translated: show the Ricci program it became
    (byId('program-box') as HTMLDetailsElement).open = state.notation === 'matrix';
    for (const id of ['kind', 'layout', 'vectors'] as const) (byId(id) as HTMLSelectElement).value = state[id];
    update();
  };

  const update = (): void => {
    const run = ++generation;
    history.replaceState(null, '', encodeState(state));
    const outcome: Outcome = derive(state, kernels);
    byId('results').classList.toggle('stale', outcome.kind === 'failed');
    renderWarnings(outcome.warnings ?? []);
    if (outcome.names) {
      renderPickers('of', outcome.names.definitions.map((d) => d.name), outcome.kind === 'derived' ? outcome.of : state.of, state.notation === 'ricci');
      renderPickers('wrt', outcome.variables ?? outcome.names.inputs, outcome.kind === 'derived' ? outcome.wrt : state.wrt, true);
    }
    if (outcome.kind === 'failed') {
      renderFailed(outcome);
      byId('status').textContent = '';
      return;
    }
    clearError();
    renderDerived(outcome, state.layout);
    renderCheckRunning();
    byId('status').textContent = '';
    // the finite-difference check can take a moment (Hessians): paint first, then check
    setTimeout(() => {
      if (run !== generation) return;
      let result;
      try { result = check(outcome); } catch (e) { result = failure(e); }
      if (run === generation) renderCheck(result, outcome.inputs);
    }, 20);
  };

  source.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state = { ...state, source: source.value }; update(); }, 250);
  });
  adjoints.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state = { ...state, adjoints: adjoints.value }; update(); }, 250);
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="notation"]'))
    radio.addEventListener('change', () => show({ ...state, notation: radio.value as PlaygroundState['notation'], of: '', wrt: '' }));
  for (const id of selects)
    byId(id).addEventListener('change', (e) => { state = { ...state, [id]: (e.target as HTMLSelectElement).value }; update(); });
  byId('reroll').addEventListener('click', () => { state = { ...state, seed: state.seed + 1 }; update(); });
  byId('share').addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).then(
      () => { byId('status').textContent = 'link copied'; },
      () => { byId('status').textContent = 'copy the address bar to share'; });
  });
  window.addEventListener('hashchange', () => {
    if (location.hash !== encodeState(state)) show(decodeState(location.hash));
  });
  renderGallery((entry) => show({ ...defaultState, of: '', wrt: '', ...entry }));
  show(state);
}

function renderGallery(pick: (state: Partial<PlaygroundState> & Pick<PlaygroundState, 'source'>) => void): void {
  const box = byId('gallery');
  let group = '';
  for (const entry of gallery) {
    if (entry.group !== group) box.append(element('h3', { textContent: (group = entry.group) }));
    const button = element('button', { type: 'button', title: entry.note });
    button.append(element('b', { textContent: entry.title }), element('span', { textContent: entry.note }));
    button.addEventListener('click', () => { pick(entry.state); window.scrollTo({ top: 0 }); });
    box.append(button);
  }
}

start();
