/**
 * Characters that look like an operator of the input languages, as printed maths and ricci's own
 * matrix view write them (x − y, Xᵀ, A ⊙ B): the hint an unexpected_character error adds.
 *   '−' → "; did you mean '-'?"
 */
const ricci: Readonly<Record<string, string>> = {
  '−': '-', '–': '-', '×': '*', '·': '*', '⋅': '*', '∗': '*', '⊙': '*',
};

const matrix: Readonly<Record<string, string>> = {
  '−': '-', '–': '-', '×': '*', '·': '*', '⋅': '*', '∗': '*', '⊙': '.*', 'ᵀ': "'", '⊤': "'", '’': "'",
};

export function lookalikeHint(character: string, language: 'ricci' | 'matrix'): string {
  const table = language === 'ricci' ? ricci : matrix;
  const meant = Object.prototype.hasOwnProperty.call(table, character) ? table[character] : undefined;
  if (meant === undefined) return '';
  return meant === "'" ? "; did you mean ' (the transpose, A')?" : `; did you mean '${meant}'?`;
}
