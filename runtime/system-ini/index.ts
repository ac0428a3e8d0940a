export { systemIniPage } from "./page.js";
export { readSchemaFile, ARTIFACT_SCHEMA } from "./read-schema.js";
