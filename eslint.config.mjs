import js from "@eslint/js";
import powerApps from "@microsoft/eslint-plugin-power-apps";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The run model (runModel/) is shared by every front end: the canvas control, the portal component.
// It may use the language and the few host objects every JavaScript host has; nothing of a browser,
// of Node, of PCF, and no UI library.
const HOST_NEUTRAL_GLOBALS = new Set(["crypto", "URL"]);
const runModelForbiddenGlobals = [
    ...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node), "ComponentFramework"]),
]
    .filter((name) => !(name in globals.es2021) && !HOST_NEUTRAL_GLOBALS.has(name))
    .map((name) => ({
        name,
        message:
            "The run model runs in every front end: no browser, Node or PCF globals (time and timers come from the Clock).",
    }));
const runModelBoundary = [
    {
        files: ["runModel/**"],
        languageOptions: {
            globals: {
                ...globals.es2021,
                ...Object.fromEntries([...HOST_NEUTRAL_GLOBALS].map((name) => [name, "readonly"])),
            },
        },
        rules: {
            "no-restricted-globals": ["error", ...runModelForbiddenGlobals],
            // Types are not globals to that rule: PCF's namespace and the DOM's types, by name.
            "no-restricted-syntax": [
                "error",
                {
                    selector:
                        "Identifier[name='ComponentFramework'], TSTypeReference > Identifier[name=/^(HTML|SVG)\\w*|^(Document|Window|Element|Node|Navigator|Storage|(Mouse|Keyboard|Focus|Pointer|Touch|Input|Wheel|Drag|Clipboard|Submit|Custom|UI)?Event)$/]",
                    message: "The run model runs in every front end: no PCF or DOM types.",
                },
            ],
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "react",
                                "react/*",
                                "react-dom",
                                "react-dom/*",
                                "@fluentui/*",
                                "node:*",
                                "**/TriggerControl",
                                "**/TriggerControl/**",
                                "**/tools",
                                "**/tools/**",
                            ],
                            message:
                                "The run model is shared by every front end: no UI library, no Node, nothing from the canvas control or the tools.",
                        },
                    ],
                },
            ],
        },
    },
    {
        // The system clock is where the model's timers come from.
        files: ["runModel/clock.ts"],
        rules: {
            "no-restricted-globals": [
                "error",
                ...runModelForbiddenGlobals.filter(({ name }) => name !== "setTimeout" && name !== "clearTimeout"),
            ],
        },
    },
];

export default tseslint.config(
    {
        ignores: [
            "**/generated/",
            "node_modules/",
            "out/",
            "obj/",
            "solution/bin/",
            "portal/bin/",
            "coverage/",
            "reference/data/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.{ts,tsx}"],
        plugins: {
            "@microsoft/power-apps": powerApps,
            "react-hooks": reactHooks,
        },
        rules: {
            ...powerApps.configs.paCheckerHosted.rules,
            ...reactHooks.configs.recommended.rules,
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        files: ["**/*.{ts,tsx}"],
        ignores: ["runModel/**"],
        languageOptions: {
            globals: { ...globals.browser, ComponentFramework: "readonly" },
        },
    },
    ...runModelBoundary,
    {
        // The components' JSX factory is `h` (TriggerControl/components/h.ts).
        files: ["TriggerControl/components/**/*.tsx"],
        languageOptions: { parserOptions: { jsxPragma: "h" } },
    },
    {
        // Product and tool code: a function longer than a screenful or three is split into named parts.
        files: ["TriggerControl/**/*.{ts,tsx}", "runModel/**/*.ts", "portal/**/*.ts", "tools/**/*.ts", "bench/**/*.ts"],
        ignores: ["**/__tests__/**", "**/__mocks__/**"],
        rules: {
            "max-lines-per-function": ["error", { max: 150, skipBlankLines: true, skipComments: true }],
        },
    },
    {
        files: ["tools/**", "tests/**", "bench/**", "**/*.test.{ts,tsx}", "**/__tests__/**", "*.{js,cjs,mjs}"],
        languageOptions: {
            globals: { ...globals.node, ...globals.jest },
        },
    },
);
