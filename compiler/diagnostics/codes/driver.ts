import type { Catalogue } from './catalogue.js';

/** Messages of the driver: options every compiling entry point takes. */
export const driverMessages = {
  compile_option_invalid: (option: string, got: string, allowed: string) =>
    `Option ${option} is ${got}; it must be ${allowed}`,
} as const satisfies Catalogue;
