import {
    buildParameterModel,
    parseJobParameters,
    parseParameterDefinitions,
    requestedParameters,
} from "../../runModel/parameters";

const getJobResult = JSON.stringify({
    job_id: 11,
    settings: {
        name: "Nightly load",
        parameters: [
            { name: "region", default: "emea" },
            { name: "as_of", default: "" },
            { name: "dry_run", default: "false" },
        ],
    },
});

describe("JobParameters", () => {
    test("numbers and booleans become strings; null means not set", () => {
        const { values, issues } = parseJobParameters(
            '{"region": "emea", "limit": 100, "ratio": 0.25, "dry_run": true, "as_of": null}',
        );
        expect(issues).toEqual([]);
        expect(Object.fromEntries(values)).toEqual({ region: "emea", limit: "100", ratio: "0.25", dry_run: "true" });
    });

    test("blank means no parameters", () => {
        expect(parseJobParameters("").issues).toEqual([]);
        expect(parseJobParameters(null).values.size).toBe(0);
    });

    test.each([
        ["{oops", "Validation_JobParametersNotJson"],
        ['["a"]', "Validation_JobParametersNotObject"],
        ['"text"', "Validation_JobParametersNotObject"],
        ["7", "Validation_JobParametersNotObject"],
    ])("%j is refused with %s", (text, messageKey) => {
        expect(parseJobParameters(text).issues).toMatchObject([{ property: "JobParameters", messageKey }]);
    });

    test("a nested object or array is refused, naming the key", () => {
        const { issues } = parseJobParameters('{"ok": "1", "filters": {"a": 1}, "ids": [1, 2]}');
        expect(issues).toEqual([
            {
                property: "JobParameters",
                messageKey: "Validation_JobParametersNotScalar",
                args: ["filters", { jsonType: "object" }],
            },
            {
                property: "JobParameters",
                messageKey: "Validation_JobParametersNotScalar",
                args: ["ids", { jsonType: "array" }],
            },
        ]);
    });

    test("an integer beyond 2^53 is refused rather than sent rounded", () => {
        const { issues } = parseJobParameters('{"account": 12345678901234567890}');
        expect(issues).toEqual([
            { property: "JobParameters", messageKey: "Validation_JobParametersUnsafeNumber", args: ["account"] },
        ]);
    });

    test("unusual names are kept as they are, __proto__ included", () => {
        const { values } = parseJobParameters('{"__proto__": "x", "with space": "y", "ünï": "z"}');
        expect([...values.keys()]).toEqual(["__proto__", "with space", "ünï"]);
    });
});

describe("ParameterDefinitions", () => {
    test("reads GetJob's settings.parameters", () => {
        expect(parseParameterDefinitions(getJobResult)).toEqual({
            definitions: [
                { name: "region", defaultValue: "emea" },
                { name: "as_of", defaultValue: "" },
                { name: "dry_run", defaultValue: "false" },
            ],
            issues: [],
        });
    });

    test("reads the bare settings.parameters array", () => {
        expect(parseParameterDefinitions('[{"name": "region"}]').definitions).toEqual([
            { name: "region", defaultValue: undefined },
        ]);
    });

    test("a GetJob result of a job without parameters defines none", () => {
        expect(parseParameterDefinitions('{"job_id": 1, "settings": {"name": "x"}}').definitions).toEqual([]);
    });

    test.each([
        ["not json", "Validation_DefinitionsNotJson", undefined],
        ['"x"', "Validation_DefinitionsNotList", [{ jsonType: "string" }]],
        ['{"settings": {"parameters": {"a": 1}}}', "Validation_DefinitionsNotList", [{ jsonType: "object" }]],
        ['[{"default": "x"}]', "Validation_DefinitionWithoutName", ["1"]],
        ['[{"name": "a"}, {"name": ""}]', "Validation_DefinitionWithoutName", ["2"]],
        ['[{"name": "a"}, "b"]', "Validation_DefinitionWithoutName", ["2"]],
        ['[{"name": "a"}, {"name": "a"}]', "Validation_DefinitionDuplicate", ["a"]],
        [
            '[{"name": "a", "default": {"x": 1}}]',
            "Validation_DefinitionDefaultNotScalar",
            ["a", { jsonType: "object" }],
        ],
    ])("%j is refused with %s", (text, messageKey, args) => {
        const { issues } = parseParameterDefinitions(text);
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ property: "ParameterDefinitions", messageKey });
        if (args) expect(issues[0].args).toEqual(args);
    });
});

describe("the parameter form", () => {
    test("with definitions: the job's parameters in order, prefill over default", () => {
        const model = buildParameterModel('{"region": "apac"}', getJobResult);
        expect(model).toEqual({
            fromDefinitions: true,
            issues: [],
            fields: [
                { name: "region", defaultValue: "emea", initialValue: "apac" },
                { name: "as_of", defaultValue: "", initialValue: "" },
                { name: "dry_run", defaultValue: "false", initialValue: "false" },
            ],
        });
    });

    test("without definitions: the prefilled names", () => {
        expect(buildParameterModel('{"b": "2", "a": 1}', null)).toEqual({
            fromDefinitions: false,
            issues: [],
            fields: [
                { name: "b", initialValue: "2" },
                { name: "a", initialValue: "1" },
            ],
        });
    });

    test("a prefill the job does not define is an error that names it and the defined ones", () => {
        const model = buildParameterModel('{"regoin": "apac"}', getJobResult);
        expect(model.issues).toEqual([
            {
                property: "JobParameters",
                messageKey: "Validation_JobParameterUndefined",
                args: ["regoin", "region, as_of, dry_run"],
            },
        ]);
    });

    test("a prefill for a job without parameters says the job has none", () => {
        const model = buildParameterModel('{"x": "1"}', "[]");
        expect(model.issues).toEqual([
            { property: "JobParameters", messageKey: "Validation_JobParameterJobHasNone", args: ["x"] },
        ]);
    });

    test("problems in both properties are all reported", () => {
        const model = buildParameterModel("{bad", "[{}]");
        expect(model.issues.map((i) => i.messageKey)).toEqual([
            "Validation_JobParametersNotJson",
            "Validation_DefinitionWithoutName",
        ]);
    });
});

describe("RequestedParameters", () => {
    const fields = buildParameterModel('{"region": "apac"}', getJobResult).fields;

    test("every field as shown, edits over initial values, every value a string", () => {
        expect(
            requestedParameters(
                fields,
                new Map([
                    ["dry_run", "true"],
                    ["as_of", "2026-11-27"],
                ]),
            ),
        ).toEqual({
            region: "apac",
            as_of: "2026-11-27",
            dry_run: "true",
        });
    });

    test("a cleared field is sent empty, not dropped", () => {
        expect(requestedParameters(fields, new Map([["region", ""]])).region).toBe("");
    });

    test("edits to names that are no longer fields are not sent", () => {
        expect(Object.keys(requestedParameters(fields, new Map([["gone", "x"]])))).toEqual([
            "region",
            "as_of",
            "dry_run",
        ]);
    });

    test("a parameter named __proto__ survives into the JSON", () => {
        const protoFields = buildParameterModel('{"__proto__": "x"}', null).fields;
        expect(JSON.stringify(requestedParameters(protoFields, new Map()))).toBe('{"__proto__":"x"}');
    });
});
