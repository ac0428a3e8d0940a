/** The page's element with `id`; the page is generated with every id the script asks for, so a missing one is a bug. */
export function element<Element extends HTMLElement = HTMLElement>(id: string): Element {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`system-ini.html has no element #${id}`);
  return found as Element;
}
