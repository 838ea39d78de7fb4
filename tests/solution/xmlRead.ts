import { XMLParser } from "fast-xml-parser";

/**
 * An independent reading of the XML the packer wrote (fast-xml-parser, not the xmlbuilder2 that
 * wrote it): elements in document order with their attributes and text.
 */
export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    text: string;
}

type Ordered = Array<Record<string, unknown>>;

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    preserveOrder: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
});

export function parseXmlText(text: string): XmlElement {
    const nodes = parser.parse(text.replace(/^\uFEFF/, "")) as Ordered;
    const elements = nodes.map(toElement).filter((node): node is XmlElement => node !== undefined);
    if (elements.length !== 1) throw new Error(`expected one root element, found ${elements.length}`);
    return elements[0];
}

function toElement(node: Record<string, unknown>): XmlElement | undefined {
    const name = Object.keys(node).find((key) => key !== ":@");
    if (name === undefined || name === "#text" || name.startsWith("?")) return undefined;
    const content = (node[name] ?? []) as Ordered;
    const children = content.map(toElement).filter((child): child is XmlElement => child !== undefined);
    const text = content
        .filter((child) => "#text" in child)
        .map((child) => String(child["#text"]))
        .join("");
    // Attribute names carry a prefix while parsing ("constructor" is an attribute of <control>).
    const attributes = Object.fromEntries(
        Object.entries((node[":@"] ?? {}) as Record<string, string>).map(([key, value]) => [key.slice(2), value]),
    );
    return { name, attributes, children, text };
}

export function child(element: XmlElement, name: string): XmlElement {
    const found = element.children.filter((candidate) => candidate.name === name);
    if (found.length !== 1) throw new Error(`expected one <${name}> in <${element.name}>, found ${found.length}`);
    return found[0];
}

export function path(element: XmlElement, ...names: string[]): XmlElement {
    return names.reduce(child, element);
}
