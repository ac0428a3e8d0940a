/**
 * The name a repository gives itself: `repo-name` in metadata/layout.conf, else the first line of
 * profiles/repo_name, as Portage reads it (and as gp's build does). Undefined when neither states
 * one.
 */
export function statedRepositoryName(repoNameFile: string | undefined, layoutConf: string | undefined): {
  readonly name: string | undefined;
  /** The profiles/repo_name name, when it differs from the layout.conf name that wins over it. */
  readonly overruledRepoName: string | undefined;
} {
  const fromRepoName = repoNameFile?.split("\n")[0]?.trim() || undefined;
  const fromLayout = layoutConf === undefined ? undefined : /^[ \t]*repo-name[ \t]*=[ \t]*(\S+)/m.exec(layoutConf)?.[1];
  return {
    name: fromLayout ?? fromRepoName,
    overruledRepoName: fromRepoName !== undefined && fromLayout !== undefined && fromLayout !== fromRepoName ? fromRepoName : undefined,
  };
}
