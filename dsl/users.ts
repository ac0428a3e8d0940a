/** A user made with `useradd` in the upper phase. */
export interface User {
  /** Login name. */
  readonly name: string;
  /** Numeric user id (`useradd -u`). */
  readonly uid?: number;
  /** GECOS comment (`useradd -c`). */
  readonly comment?: string;
  /** Home directory (`useradd -d`). */
  readonly home?: string;
  /** Login shell (`useradd -s`). */
  readonly shell?: string;
  /** Primary group, by name or number (`useradd -g`). */
  readonly initialGroup?: string;
  /** Supplementary groups (`useradd -G`). */
  readonly additionalGroups?: string | readonly string[];
  /**
   * Create the home directory (`useradd -m`).
   * @default true
   */
  readonly createHome?: boolean;
  /**
   * Give the user an empty password (`useradd -p ""`).
   * @default false
   */
  readonly emptyPassword?: boolean;
}

/** A group made with `groupadd` in the upper phase. */
export interface Group {
  /** Group name. */
  readonly name: string;
  /** Numeric group id (`groupadd -g`). */
  readonly gid?: number;
}
