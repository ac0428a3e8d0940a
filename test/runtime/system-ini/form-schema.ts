import type { SystemIniSchema } from "../../../genpack/system-ini/schema-document.js";

/** A schema with a few settings of different kinds: the top of the file and one section. */
export const GREETER_SCHEMA: SystemIniSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "system.ini of greeter",
  type: "object",
  "x-gp-image": { name: "greeter" },
  properties: {
    _default: {
      type: "object",
      properties: {
        hostname: { type: "string", format: "hostname", description: "The machine's host name.", "x-gp-kind": "hostname", "x-gp-module": "hostname.py" },
      },
    },
    greeter: {
      type: "object",
      description: "What the greeter says at boot.",
      properties: {
        greeting: { type: "string", description: "The words it says.", default: "hello", "x-gp-kind": "string", "x-gp-module": "50greeter.py" },
        loud: { type: "boolean", description: "Whether it shouts.", default: false, "x-gp-kind": "bool", "x-gp-module": "50greeter.py" },
        repeat: { type: "integer", minimum: 1, maximum: 10, description: "How many times it says them.", default: 1, "x-gp-kind": "int", "x-gp-module": "50greeter.py" },
      },
    },
  },
};
