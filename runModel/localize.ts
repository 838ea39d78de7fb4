import type { StringKey } from "./stringKeys";

/**
 * Returns the string for a key in the user's language, with {0}, {1}… replaced by the arguments.
 * A front end with strings of its own besides the model's widens `Key`.
 */
export type Localize<Key extends string = StringKey> = (key: Key, ...args: readonly string[]) => string;

export function createLocalizer<Key extends string = StringKey>(getString: (key: string) => string): Localize<Key> {
    return (key, ...args) => {
        const template = getString(key) || key;
        return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => args[Number(index)] ?? placeholder);
    };
}
