import * as z from "zod";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { SCHEMA_DIALECT } from "../../genpack/system-ini/schema-document.js";
import { compareSettings, type ImageSetting } from "./image-settings.js";
import { valueSchema } from "./value-schema.js";

/** The image a schema document is for. */
export interface SchemaImage {
  readonly name: string;
  readonly variant?: string;
  readonly arch?: string;
}

/** One setting as zod, with what JSON Schema cannot say in `x-gp-` keywords. */
function settingSchema(setting: ImageSetting): z.ZodType {
  return valueSchema(setting)
    .optional()
    .meta({
      description: setting.doc,
      ...(setting.default === undefined ? {} : { default: setting.default }),
      "x-gp-kind": setting.kind,
      ...(setting.module === undefined ? {} : { "x-gp-module": setting.module }),
      ...(setting.package === undefined ? {} : { "x-gp-package": setting.package }),
    });
}

/**
 * The image's settings as a zod schema: an object of sections, each an object of its keys, every
 * key optional (a module falls back when its key is absent). Sections and keys in the schema's
 * order: `_default` first, then by name.
 */
export function settingsSchema(settings: readonly ImageSetting[]): z.ZodObject {
  const sections = new Map<string, ImageSetting[]>();
  for (const setting of [...settings].sort(compareSettings)) {
    const keys = sections.get(setting.section) ?? [];
    keys.push(setting);
    sections.set(setting.section, keys);
  }
  return z.object(Object.fromEntries([...sections].map(([section, keys]) => [section, z.object(Object.fromEntries(keys.map((setting) => [setting.key, settingSchema(setting)]))).optional()])));
}

/**
 * The document `gp compile` writes as `system-ini.json`: the settings as JSON Schema (draft
 * 2020-12, made by zod), with the image and the blueprint's values. The same settings and values
 * give the same bytes.
 */
export function systemIniSchemaDocument(settings: readonly ImageSetting[], image: SchemaImage, values?: SystemIniSchema["x-gp-values"]): SystemIniSchema {
  const generated = z.toJSONSchema(settingsSchema(settings), { target: "draft-2020-12", io: "input", unrepresentable: "throw" }) as { properties?: SystemIniSchema["properties"] };
  return {
    $schema: SCHEMA_DIALECT,
    title: `system.ini of ${image.name}`,
    type: "object",
    properties: generated.properties ?? {},
    "x-gp-image": image,
    ...(values === undefined ? {} : { "x-gp-values": values }),
  };
}
