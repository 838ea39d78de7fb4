import { XMLValidator } from "fast-xml-parser";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { PackError } from "./errors";

/**
 * Parses an XML text into an xmlbuilder2 document, naming the file in the error. The text is checked
 * for well-formedness first: xmlbuilder2's parser accepts unclosed and mismatched tags.
 */
export function parseXml(text: string, file: string): XMLBuilder {
    const body = text.replace(/^\uFEFF/, "");
    const verdict = XMLValidator.validate(body);
    if (verdict !== true) {
        throw new PackError(
            `${file} is not well-formed XML: line ${verdict.err.line}, column ${verdict.err.col}: ${verdict.err.msg}`,
        );
    }
    try {
        return create(body);
    } catch (error) {
        throw new PackError(`${file} is not well-formed XML: ${(error as Error).message}`);
    }
}

/** The element children of a node with this name (direct children only). */
export function childElements(node: XMLBuilder, name: string): XMLBuilder[] {
    const found: XMLBuilder[] = [];
    node.each(
        (child) => {
            if (child.node.nodeType === 1 && child.node.nodeName === name) found.push(child);
        },
        false,
        false,
    );
    return found;
}

/** The one direct child element with this name; an error naming the file when there is not exactly one. */
export function onlyChild(node: XMLBuilder, name: string, file: string): XMLBuilder {
    const found = childElements(node, name);
    if (found.length !== 1) {
        throw new PackError(`${file}: expected one <${name}> in <${node.node.nodeName}>, found ${found.length}.`);
    }
    return found[0];
}

export function textOf(node: XMLBuilder): string {
    return (node.node.textContent ?? "").trim();
}

export function setText(node: XMLBuilder, text: string): void {
    node.node.textContent = text;
}

export function attributeOf(node: XMLBuilder, name: string): string | undefined {
    const element = node.node as unknown as { getAttribute(name: string): string | null };
    return element.getAttribute(name) ?? undefined;
}

/**
 * Serializes like Dataverse's exports: no XML declaration, two-space indentation, "<Empty />".
 * (Dataverse writes some empty elements as "<X></X>"; the two are the same XML.)
 */
export function exportXml(doc: XMLBuilder): string {
    return doc.end({ headless: true, prettyPrint: true, indent: "  ", newline: "\r\n", spaceBeforeSlash: true });
}
