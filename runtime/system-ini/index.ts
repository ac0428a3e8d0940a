/** What `gp ini` and the installer need of the machine: an image's system.ini schema, system.ini files read and written, and the form made from a schema. */
export { loadArtifactSchema, loadImageSchema, loadSchemaFile, parseSchemaDocument, type LoadedSchema } from "./load-schema.js";
export { loadSchemaFrom, type SchemaSource } from "./schema-source.js";
export { checkSystemIniFile, writeWholeFile } from "./system-ini-file.js";
export { systemIniTemplate } from "../../genpack/system-ini/template.js";
export { systemIniPage } from "./page.js";
