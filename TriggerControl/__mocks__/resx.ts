// One resx reader for the tests, the build and the portal component's string tables.
export { LANGUAGES, readResx, STRINGS_DIR } from "../../tools/build/resxStrings";
