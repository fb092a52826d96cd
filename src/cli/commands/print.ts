/** One line of a command's answer on stdout. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
