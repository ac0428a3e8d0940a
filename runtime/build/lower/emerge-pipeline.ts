import { cpus } from "node:os";
import type { PhaseContext } from "../build-context.js";
import { independentBinpkgs, runInLower } from "./lower-container.js";

/** Installed packages that a package.mask or profile mask now hides, as `=cpv` atoms, one per line. */
const MASKED_INSTALLED = `
import portage
root = portage.settings["EROOT"]
vardb = portage.db[root]["vartree"].dbapi
portdb = portage.db[root]["porttree"].dbapi
masked = []
for cpv in vardb.cpv_all():
    repo = vardb.aux_get(cpv, ["repository"])[0] or None
    try:
        reasons = portage.getmaskingstatus(cpv, portdb=portdb, myrepo=repo)
    except KeyError:
        continue
    if any(reason.startswith(("package.mask", "profile")) for reason in reasons):
        masked.append("=" + cpv)
print("\\n".join(sorted(masked)))
`;

const KERNEL_MODULES_PENDING = "test -d /usr/src/linux && ! test -e /usr/src/linux/.modules-rebuilt-by-genpack";

/** One step of the pipeline, with what it runs and when it is skipped. */
interface Step {
  readonly title: string;
  readonly run: () => Promise<void>;
}

/**
 * The emerge pipeline in genpack's order and with its flags (genpack-builder.md §4.4):
 * circular-dependency breakers, the build-time set first when asked, the main pass over
 * `@world @genpack-runtime @genpack-buildtime` (named sets without --oneshot, so world_sets keeps
 * them from depclean), kernel module and preserved rebuilds, unmerging what is now masked,
 * depclean with its fallback, and the cleanup. Every step stops the build when it fails.
 */
export async function runEmergePipeline(context: PhaseContext, fresh: boolean): Promise<void> {
  const resolution = context.target.resolution;
  const jobs = cpus().length;
  const parallel = context.options.parallel === true ? [`--jobs=${jobs}`, `--load-average=${jobs}`] : [];
  const excludes = resolution.binpkgExcludes;
  const excluded = excludes.length > 0 ? ["--usepkg-exclude", excludes.join(" "), "--buildpkg-exclude", excludes.join(" ")] : [];
  const binary = ["-bk", "--binpkg-respect-use=y"];
  const emerge = (args: readonly string[], env?: Record<string, string>) => runInLower(context, ["emerge", ...args], env === undefined ? {} : { env }).then(() => undefined);

  const steps: Step[] = [];
  const breaker = resolution.circulardepBreaker;
  if (breaker !== null && breaker.packages.length > 0) {
    steps.push({
      title: "breaking circular dependencies (circulardep_breaker)",
      run: async () => {
        if (breaker.use === null) context.report.warn("circulardep_breaker has no `use`; its packages are emerged with the USE flags they have.");
        const env = breaker.use === null ? undefined : { USE: breaker.use };
        await emerge([...binary, "-u", "--keep-going", ...parallel, ...excluded, ...breaker.packages], env);
      },
    });
  }
  if (fresh || context.options.breakCircularDeps === true) {
    steps.push({
      title: "breaking circular dependencies (genpack-break-circular-dep)",
      run: async () => {
        await emerge(["--oneshot", "--update", "--nodeps", ...binary, "genpack/genpack-progs"]);
        const found = await runInLower(context, ["sh", "-c", "command -v genpack-break-circular-dep"], { allowFailure: true, captureOnly: true });
        if (found.exitCode === 0) await runInLower(context, ["genpack-break-circular-dep", ...parallel]);
        else context.report.warn("genpack-break-circular-dep is not installed in the lower; circular dependencies are left to the main emerge.");
      },
    });
  }
  if (resolution.buildtimePackagesFirst && resolution.portageFiles["etc/portage/sets/genpack-buildtime"] !== "") {
    steps.push({ title: "emerging @genpack-buildtime first", run: () => emerge([...binary, "-uDN", "--keep-going", ...parallel, ...excluded, "@genpack-buildtime"]) });
  }
  steps.push({ title: "emerging @world @genpack-runtime @genpack-buildtime", run: () => emerge([...binary, "-uDN", "--keep-going", ...parallel, ...excluded, "@world", "@genpack-runtime", "@genpack-buildtime"]) });
  steps.push({
    title: "rebuilding kernel modules",
    run: async () => {
      const pending = await runInLower(context, ["sh", "-c", KERNEL_MODULES_PENDING], { allowFailure: true, captureOnly: true });
      if (pending.exitCode !== 0) return;
      await emerge(["@module-rebuild"]);
      await runInLower(context, ["touch", "/usr/src/linux/.modules-rebuilt-by-genpack"]);
    },
  });
  steps.push({ title: "emerging @preserved-rebuild", run: () => emerge([...binary, ...parallel, ...excluded, "@preserved-rebuild"]) });
  steps.push({
    title: "unmerging masked packages",
    run: async () => {
      const listed = await runInLower(context, ["python3", "-c", MASKED_INSTALLED], { captureOnly: true });
      const masked = listed.stdout.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("="));
      if (masked.length === 0) return;
      context.report.info(`unmerging masked packages: ${masked.join(" ")}`);
      await emerge(["--unmerge", ...masked]);
      await emerge([...binary, "-uDN", "--with-bdeps=y", "--keep-going", ...parallel, "@world"]);
    },
  });
  steps.push({
    title: "removing packages nothing needs (depclean)",
    run: async () => {
      if (context.options.deepDepclean === true) return emerge(["--depclean", "--with-bdeps=n"]);
      const plain = await runInLower(context, ["emerge", "--depclean"], { allowFailure: true });
      if (plain.exitCode !== 0) {
        context.report.warn("emerge --depclean failed; retrying with --with-bdeps=n");
        await emerge(["--depclean", "--with-bdeps=n"]);
      }
    },
  });
  steps.push({
    title: "cleaning up",
    run: async () => {
      const eclean = `eclean-dist -d && eclean-pkg${independentBinpkgs(context) ? " -d" : ""}`;
      await runInLower(context, ["sh", "-c", `etc-update --automode -5 && if command -v eclean-dist >/dev/null; then ${eclean}; else echo "gp: eclean is not installed in the lower; distfiles and binary packages stay"; fi`]);
    },
  });

  for (const [index, step] of steps.entries()) {
    context.report.step(step.title, index + 1, steps.length);
    await step.run();
  }
}
