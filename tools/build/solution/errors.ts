/**
 * A state the packer refuses to pack: missing or development build output, identities that do not
 * match, a connector that fails validation, a version Dataverse cannot take. The message says what
 * is wrong and what to do; the CLI prints it and writes no zip.
 */
export class PackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackError";
    }
}
