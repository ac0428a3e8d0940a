import { readInputText } from "../../host/input-file.js";
import { parseServiceConfig, type ServiceConfig, type ServiceConfigProblem } from "./service-config.js";

/** A service's INI file, read (never through a FIFO or a device) and parsed; `unreadable` says why it could not be read. */
export function readServiceFile(file: string): { config?: ServiceConfig; problems: ServiceConfigProblem[]; unreadable?: string } {
  const read = readInputText(file);
  if (!read.ok) return { problems: [], unreadable: read.reason };
  return parseServiceConfig(read.text, file);
}
