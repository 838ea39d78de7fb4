/** Child content: text is always a text node, never markup. */
export type Child = Node | string | undefined | false;

/** An element with attributes and children. Nothing is ever parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Readonly<Record<string, string | undefined>> = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== undefined) element.setAttribute(name, value);
    }
    element.append(...children.filter((child): child is Node | string => child !== undefined && child !== false));
    return element;
}

/** Replaces an element's children. */
export function fill(container: Element, ...children: Child[]): void {
    container.replaceChildren(
        ...children.filter((child): child is Node | string => child !== undefined && child !== false),
    );
}

/** Visually hidden text for screen readers. */
export const srOnly = (text: string) => el("span", { class: "dbxjr-sr" }, text);
