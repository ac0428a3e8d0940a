/** What the File System Access API offers where a browser has it (Chromium); elsewhere the file is downloaded. */
interface SavePicker {
  showSaveFilePicker?: (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<{ name: string; createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }> }>;
}

/** The name to save under: the opened file's, which a download may suffix but a picker suggests as is. */
export function downloadName(opened: string): string {
  return opened === "" ? "system.ini" : opened;
}

/**
 * Writes the bytes to a file the user picks, or downloads them where the browser cannot ask.
 * Returns the name saved under, or undefined when the user cancelled.
 */
export async function saveBytes(bytes: Uint8Array, name: string): Promise<string | undefined> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" });
  const picker = (window as unknown as SavePicker).showSaveFilePicker;
  if (picker !== undefined) {
    try {
      const handle = await picker({ suggestedName: name, types: [{ description: "system.ini", accept: { "text/plain": [".ini"] } }] });
      const writable = await handle.createWritable();
      await writable.write(blob);
      await writable.close();
      return handle.name;
    } catch (problem) {
      if (problem instanceof DOMException && problem.name === "AbortError") return undefined;
      // A page opened from file:// may be refused the picker; the download still works.
    }
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return name;
}
