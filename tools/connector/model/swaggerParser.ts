import { execFile } from "node:child_process";

/**
 * @apidevtools/swagger-parser in a child Node process. Version 13 loads json-schema-ref-parser, an
 * ES module, with require(): Node (20.19 and later) does that, jest's module registry does not, so
 * the validator and its tests call it out of process. One call costs a few hundred milliseconds.
 */

type Request = { mode: "validate"; document: unknown } | { mode: "parse"; paths: string[] };
type Reply = { ok: true; result: unknown } | { ok: false; message: string };

const CHILD = `
const SwaggerParser = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk)).on("end", async () => {
    const request = JSON.parse(input);
    try {
        const result = request.mode === "validate"
            ? (await SwaggerParser.validate(request.document), null)
            : await Promise.all(request.paths.map((path) => new SwaggerParser().parse(path)));
        process.stdout.write(JSON.stringify({ ok: true, result }));
    } catch (error) {
        process.stdout.write(JSON.stringify({ ok: false, message: String(error && error.message) }));
    }
});
`;

/** Resolves when the document is valid OpenAPI 2.0; rejects with swagger-parser's message. */
export async function validateSwagger(document: unknown): Promise<void> {
    await call({ mode: "validate", document });
}

/** Reads OpenAPI documents in YAML or JSON, without dereferencing or validating them. */
export async function parseApiFiles(paths: string[]): Promise<unknown[]> {
    return (await call({ mode: "parse", paths })) as unknown[];
}

function call(request: Request): Promise<unknown> {
    return new Promise((resolve, reject) => {
        const child = execFile(
            process.execPath,
            ["-e", CHILD, require.resolve("@apidevtools/swagger-parser")],
            { maxBuffer: 64 * 1024 * 1024 },
            (error, stdout) => {
                if (error) return reject(error);
                const reply = JSON.parse(stdout) as Reply;
                return reply.ok ? resolve(reply.result) : reject(new Error(reply.message));
            },
        );
        child.stdin?.end(JSON.stringify(request));
    });
}
