/** What `gp ini` needs of the machine: an image's system.ini schema, and system.ini files read and written. */
export { loadArtifactSchema, loadImageSchema, parseSchemaDocument, SCHEMA_FILE_NAME, type LoadedSchema } from "./load-schema.js";
export { loadSchemaFrom, type SchemaSource } from "./schema-source.js";
export { checkSystemIniFile, writeSystemIniFile } from "./system-ini-file.js";
export { systemIniTemplate } from "../../genpack/system-ini/template.js";
