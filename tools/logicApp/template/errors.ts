/**
 * Something in connector/ or the portal flow the Logic Apps twin cannot convert: an unknown
 * operation, a parameter the swagger does not have, a trigger or reply it has no form for. The
 * generator never guesses; it names the file and the JSON pointer of what it could not convert.
 */
export class TemplateGenerationError extends Error {
    constructor(
        readonly file: string,
        readonly pointer: string,
        readonly reason: string,
    ) {
        super(`${file}#${pointer}: ${reason}`);
        this.name = "TemplateGenerationError";
    }
}
