/**
 * Characters that look like an operator of the input languages, as printed maths writes them
 * (x − y, A ⊙ B in index notation; X⊤, a × b): the hint an unexpected_character error adds.
 *   '−' → "; did you mean '-'?"
 */
const ricci: Readonly<Record<string, string>> = {
  '−': '-', '–': '-', '×': '*', '·': '*', '⋅': '*', '∗': '*', '⊙': '*',
};

// − ⊙ ᵀ are not here: matrix input reads them as the matrix view prints them (- .* ')
const matrix: Readonly<Record<string, string>> = {
  '–': '-', '×': '*', '·': '*', '⋅': '*', '∗': '*', '⊤': "'", '’': "'",
};

/** Characters of a derivative's printed header (∂L/∂W = …, d²f/dx[k]dx[l] = …), pasted whole. */
const header = ['∂', '²', '³'];

export function lookalikeHint(character: string, language: 'ricci' | 'matrix'): string {
  if (header.includes(character))
    return `: it belongs to a derivative's printed header (∂L/∂W = …, d²f/dx[k]dx[l] = …), which is not ${language === 'ricci'
      ? 'a definition name: paste the right-hand side after a name of your own, g[i,j] = …' : 'part of the expression: paste only the right-hand side'}`;
  const table = language === 'ricci' ? ricci : matrix;
  const meant = Object.prototype.hasOwnProperty.call(table, character) ? table[character] : undefined;
  if (meant === undefined) return '';
  return meant === "'" ? "; did you mean ' (the transpose, A')?" : `; did you mean '${meant}'?`;
}
