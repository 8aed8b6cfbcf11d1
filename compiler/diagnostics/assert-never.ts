/** Ends an exhaustive `switch`: adding a kind to a union fails compilation wherever it is unhandled. */
export function assertNever(x: never): never {
  throw new Error(`internal: unhandled case ${JSON.stringify(x)}`);
}
