import { writeFileAtomic } from "../inputs/atomic-write.js";
import type { RuntimeClosure } from "../upper/closure/index.js";
import { CONTENTS_FORMAT, type ContentsPath, type ContentsRecord } from "./contents-record.js";

export interface ContentsInputs {
  readonly upperKey: string;
  readonly closure: RuntimeClosure;
  readonly paths: readonly ContentsPath[];
}

/** The record of an upper layer: its closure with each package's chain, and its paths. */
export function contentsRecord({ upperKey, closure, paths }: ContentsInputs): ContentsRecord {
  return {
    format: CONTENTS_FORMAT,
    upperKey,
    devel: closure.devel,
    roots: closure.roots,
    packages: closure.packages.map(({ cpv, category, name, version, slot, pulledBy, neededBy }) => ({ cpv, category, name, version, slot, pulledBy, neededBy })),
    unsatisfiedGroups: closure.unsatisfiedGroups,
    paths,
  };
}

/** Writes the contents record with the one atomic writer, so a reader never sees half of it. */
export async function writeContentsRecord(file: string, inputs: ContentsInputs): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(contentsRecord(inputs))}\n`);
}
