/**
 * A binhost's URL as `--binhost` takes it: http or https, without credentials (Portage would
 * print them in its messages), normalised to end without a slash as Portage keeps sync-uri.
 * Returns the URL or the reason it is refused.
 */
export function readBinhostUrl(text: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `--binhost ${text} is not a URL; give one such as https://binhost.example.org/x86_64/.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { problem: `--binhost ${text} is not an http or https URL.` };
  if (url.username !== "" || url.password !== "") return { problem: `--binhost ${url.protocol}//${url.host}${url.pathname} carries a user name or password; Portage would print it in its messages. Give the URL without them.` };
  if (url.search !== "" || url.hash !== "") return { problem: `--binhost ${text} has a query or fragment; Portage appends /Packages and each package's path to the URL, so give a plain directory URL.` };
  let href = url.href;
  while (href.endsWith("/")) href = href.slice(0, -1);
  return { url: href };
}

/**
 * Whether a binhost is read over plain http from another machine. Portage checks each package
 * against the index, but gp's binhosts hold unsigned packages and an unsigned index, so over an
 * open network both can be swapped together; on this machine (loopback) they cannot.
 */
export function readOverOpenNetwork(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && !/^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/.test(hostname);
}
