import type { StringKey } from "./stringKeys";

/** Returns the string for a key in the user's language, with {0}, {1}… replaced by the arguments. */
export type Localize = (key: StringKey, ...args: readonly string[]) => string;

export function createLocalizer(getString: (key: string) => string): Localize {
    return (key, ...args) => {
        const template = getString(key) || key;
        return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => args[Number(index)] ?? placeholder);
    };
}
